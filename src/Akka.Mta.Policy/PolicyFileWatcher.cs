using Microsoft.Extensions.Logging;

namespace Akka.Mta.Policy;

/// <summary>
/// Watches the policy directory and reloads once it has been quiet for a while. Every change event
/// counts and pushes the reload back by the quiet period, so a file rewritten in place
/// (<c>cat &gt; init.lua</c>: truncated, then written in pieces) is read only after the last write;
/// a change that arrives while the files are read discards that read and waits again. One reload
/// runs at a time; the content hash makes a reload without real changes a no-op.
/// </summary>
internal sealed class PolicyFileWatcher : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer? _timer;
    private readonly TimeSpan _quietPeriod;
    private readonly Func<Func<bool>, PolicyReloadResult?> _reload;
    private readonly ILogger _logger;
    private readonly Lock _drain = new();
    private long _changes;
    private long _handled;

    /// <param name="reload">Reloads; its argument says whether no change arrived since the read began, null when one did.</param>
    public PolicyFileWatcher(string directory, TimeSpan quietPeriod, TimeProvider time, Func<Func<bool>, PolicyReloadResult?> reload, ILogger logger)
    {
        _quietPeriod = quietPeriod < TimeSpan.Zero ? TimeSpan.Zero : quietPeriod;
        _reload = reload;
        _logger = logger;
        try
        {
            _timer = time.CreateTimer(_ => Settled(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Changed += (_, _) => Changed();
            _watcher.Created += (_, _) => Changed();
            _watcher.Deleted += (_, _) => Changed();
            _watcher.Renamed += (_, _) => Changed();
            _watcher.Error += (_, e) =>
            {
                PolicyLog.WatcherProblem(_logger, e.GetException().Message);
                Changed(); // events were lost: look again once things settle
            };
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            PolicyLog.WatcherProblem(logger, $"cannot watch {directory} ({ex.Message}); use the admin reload instead");
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    private void Changed()
    {
        Interlocked.Increment(ref _changes);
        try
        {
            _timer?.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while an event was in flight.
        }
    }

    /// <summary>The quiet period passed without a change: reload what is there now.</summary>
    private void Settled()
    {
        lock (_drain)
        {
            var seen = Interlocked.Read(ref _changes);
            if (seen == _handled)
            {
                return;
            }
            try
            {
                if (_reload(() => Interlocked.Read(ref _changes) == seen) is not null)
                {
                    _handled = seen;
                }
                // else: a change arrived during the read; its event has re-armed the timer.
            }
            catch (Exception ex)
            {
                _handled = seen;
                PolicyLog.WatcherProblem(_logger, $"reload failed: {ex.Message}");
            }
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
    }
}
