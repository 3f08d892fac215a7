using System.Threading.Channels;

namespace Akka.Mta.Persistence.Writing;

/// <summary>
/// Group commit: callers enqueue writes; one loop takes everything queued (up to the batch bounds),
/// has the provider write it in one transaction with one commit, then completes every caller's task.
/// While a commit is being flushed, new writes queue up and form the next batch, so the number of
/// flushes grows with time spent flushing, not with the number of writers.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<WriteOp> _queue = Channel.CreateUnbounded<WriteOp>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IBatchExecutor _executor;
    private readonly GroupCommitOptions _options;
    private readonly Task _loop;
    private long _commits;
    private long _operations;

    public GroupCommitWriter(IBatchExecutor executor, GroupCommitOptions options)
    {
        _executor = executor;
        _options = options;
        _loop = Task.Run(RunAsync);
    }

    public string Location => _executor.Location;

    public WriteStatistics Statistics => new(Interlocked.Read(ref _commits), Interlocked.Read(ref _operations));

    /// <summary>Queues a write; the task completes when it is committed, or fails with the reason it was not.</summary>
    public Task<bool> EnqueueAsync(WriteOp op)
    {
        op.CancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(op))
        {
            throw new ObjectDisposedException(GetType().Name, $"{Location} is closed");
        }
        return op.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteOp>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            long bytes = 0;
            while (batch.Count < _options.MaxOperations && bytes < _options.MaxBytes && reader.TryRead(out var op))
            {
                if (op.CancellationToken.IsCancellationRequested)
                {
                    op.Completion.TrySetCanceled(op.CancellationToken);
                    continue;
                }
                batch.Add(op);
                bytes += op.Bytes;
            }
            if (batch.Count > 0)
            {
                await WriteAsync(batch).ConfigureAwait(false);
                // The callers just completed continue on the thread pool and most queue their next write
                // at once; stepping behind them lets that write join the next batch instead of the one after.
                await Task.Yield();
            }
        }
    }

    private async Task WriteAsync(List<WriteOp> batch)
    {
        try
        {
            await _executor.ExecuteAsync(batch).ConfigureAwait(false);
            Committed(batch);
        }
        catch (Exception error) when (batch.Count > 1 && _executor.ShouldRetryIndividually(error))
        {
            foreach (var op in batch)
            {
                op.Reset();
                await WriteAsync([op]).ConfigureAwait(false);
            }
        }
        catch (Exception error)
        {
            var reported = error as PersistenceException
                ?? new PersistenceException(Location, $"write of {batch.Count} operation(s) failed and was rolled back: {error.Message}", error);
            foreach (var op in batch)
            {
                op.Completion.TrySetException(reported);
            }
        }
    }

    private void Committed(List<WriteOp> batch)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _operations, batch.Count);
        PersistenceMetrics.Commits.Add(1);
        PersistenceMetrics.Operations.Add(batch.Count);
        foreach (var op in batch)
        {
            if (op.Rejection is { } rejection)
            {
                op.Completion.TrySetException(rejection);
            }
            else
            {
                op.Completion.TrySetResult(op.Result);
            }
        }
    }

    /// <summary>Stops taking writes, finishes the ones queued, then closes the provider.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _executor.DisposeAsync().ConfigureAwait(false);
    }
}
