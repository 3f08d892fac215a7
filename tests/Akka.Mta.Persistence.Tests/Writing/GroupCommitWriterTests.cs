using Akka.Mta.Core;
using Akka.Mta.Persistence.Writing;

namespace Akka.Mta.Persistence.Tests.Writing;

/// <summary>
/// The grouping logic on its own, with an executor the test holds at the commit: what queues up while a
/// commit is in flight must go out as one batch, whatever the machine's speed.
/// </summary>
public sealed class GroupCommitWriterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Records batches; each batch waits at the commit until the test opens the gate.</summary>
    private sealed class GatedExecutor : IBatchExecutor
    {
        private readonly SemaphoreSlim _gate = new(0);
        private readonly SemaphoreSlim _arrived = new(0);

        public List<List<WriteOp>> Batches { get; } = [];

        public Func<WriteOp, Exception?> Reject { get; init; } = _ => null;

        public Exception? FailWith { get; set; }

        public string Location => "test store";

        public async Task ExecuteAsync(IReadOnlyList<WriteOp> batch)
        {
            lock (Batches)
            {
                Batches.Add([.. batch]);
            }
            _arrived.Release();
            if (!await _gate.WaitAsync(Deadline))
            {
                throw new TimeoutException("the test never let the commit through");
            }
            if (FailWith is { } failure)
            {
                throw failure;
            }
            foreach (var op in batch)
            {
                op.Rejection = Reject(op);
                op.Result = true;
            }
        }

        public bool ShouldRetryIndividually(Exception error) => error is InvalidDataException;

        public async Task WaitForBatchAsync(string what)
        {
            Assert.True(await _arrived.WaitAsync(Deadline), $"timed out waiting for {what}");
        }

        public void Release(int commits = 1) => _gate.Release(commits);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static DeleteMessageOp Op() => new(SpoolId.New(TimeProvider.System), CancellationToken.None);

    [Fact]
    public async Task WritesQueuedDuringACommit_GoOutTogether_InTheNextCommit()
    {
        var executor = new GatedExecutor();
        await using var writer = new GroupCommitWriter(executor, new GroupCommitOptions());
        var first = writer.EnqueueAsync(Op());
        await executor.WaitForBatchAsync("the first batch");

        var queued = Enumerable.Range(0, 63).Select(_ => writer.EnqueueAsync(Op())).ToList();
        Assert.False(first.IsCompleted, "a write completed before its commit");
        executor.Release();
        await first;
        await executor.WaitForBatchAsync("the second batch");
        Assert.DoesNotContain(queued, t => t.IsCompleted);
        executor.Release();
        await Task.WhenAll(queued);

        Assert.Equal([1, 63], executor.Batches.Select(b => b.Count));
        Assert.Equal(new WriteStatistics(2, 64), writer.Statistics);
    }

    [Fact]
    public async Task Batches_StopAtTheOperationLimit()
    {
        var executor = new GatedExecutor();
        await using var writer = new GroupCommitWriter(executor, new GroupCommitOptions { MaxOperations = 10 });
        var first = writer.EnqueueAsync(Op());
        await executor.WaitForBatchAsync("the first batch");
        var queued = Enumerable.Range(0, 25).Select(_ => writer.EnqueueAsync(Op())).ToList();

        executor.Release(4);
        await Task.WhenAll(queued.Append(first));

        Assert.Equal([1, 10, 10, 5], executor.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task FailedCommit_FailsEveryWriteInIt_NamingTheStore()
    {
        var executor = new GatedExecutor { FailWith = new IOException("disk on fire") };
        await using var writer = new GroupCommitWriter(executor, new GroupCommitOptions());
        var first = writer.EnqueueAsync(Op());
        await executor.WaitForBatchAsync("the first batch");
        var queued = Enumerable.Range(0, 3).Select(_ => writer.EnqueueAsync(Op())).ToList();

        executor.Release(2);

        foreach (var write in queued.Append(first))
        {
            var error = await Assert.ThrowsAsync<PersistenceException>(() => write);
            Assert.StartsWith("test store: ", error.Message);
            Assert.Contains("disk on fire", error.Message);
        }
        Assert.Equal(new WriteStatistics(0, 0), writer.Statistics);
    }

    [Fact]
    public async Task RejectedWrite_FailsOnlyItsCaller()
    {
        var bad = Op();
        var executor = new GatedExecutor { Reject = op => op == bad ? new InvalidOperationException("refused") : null };
        await using var writer = new GroupCommitWriter(executor, new GroupCommitOptions());
        var first = writer.EnqueueAsync(Op());
        await executor.WaitForBatchAsync("the first batch");
        var good = writer.EnqueueAsync(Op());
        var refused = writer.EnqueueAsync(bad);

        executor.Release(2);

        Assert.True(await good);
        await Assert.ThrowsAsync<InvalidOperationException>(() => refused);
        Assert.Equal(2, executor.Batches[1].Count);
    }

    [Fact]
    public async Task BatchFailingWithARetryableError_IsRetriedOneWritePerCommit()
    {
        var executor = new GatedExecutor();
        await using var writer = new GroupCommitWriter(executor, new GroupCommitOptions());
        var first = writer.EnqueueAsync(Op());
        await executor.WaitForBatchAsync("the first batch");
        var queued = Enumerable.Range(0, 3).Select(_ => writer.EnqueueAsync(Op())).ToList();
        executor.Release();
        await first;
        await executor.WaitForBatchAsync("the batch of three");

        executor.FailWith = new InvalidDataException("unique key taken by another node");
        executor.Release();
        await executor.WaitForBatchAsync("the first retry");
        executor.FailWith = null;
        executor.Release(3);
        await Task.WhenAll(queued);

        Assert.Equal([1, 3, 1, 1, 1], executor.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task WriteCancelledWhileQueued_IsNotWritten()
    {
        var executor = new GatedExecutor();
        await using var writer = new GroupCommitWriter(executor, new GroupCommitOptions());
        var first = writer.EnqueueAsync(Op());
        await executor.WaitForBatchAsync("the first batch");
        using var cancel = new CancellationTokenSource();
        var cancelled = writer.EnqueueAsync(new DeleteMessageOp(SpoolId.New(TimeProvider.System), cancel.Token));
        var kept = writer.EnqueueAsync(Op());

        await cancel.CancelAsync();
        executor.Release(2);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await kept;
        Assert.Single(executor.Batches[1]);
    }

    [Fact]
    public async Task Dispose_FinishesQueuedWrites_ThenRefusesNewOnes()
    {
        var executor = new GatedExecutor();
        var writer = new GroupCommitWriter(executor, new GroupCommitOptions());
        var first = writer.EnqueueAsync(Op());
        await executor.WaitForBatchAsync("the first batch");
        var queued = writer.EnqueueAsync(Op());

        var disposing = writer.DisposeAsync().AsTask();
        executor.Release(2);
        await disposing;

        Assert.True(first.IsCompletedSuccessfully && queued.IsCompletedSuccessfully, "queued writes were dropped on dispose");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.EnqueueAsync(Op()));
    }
}
