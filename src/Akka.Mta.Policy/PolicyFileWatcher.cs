using Microsoft.Extensions.Logging;

namespace Akka.Mta.Policy;

/// <summary>
/// Watches the policy directory and calls the host's reload when something in it changes.
/// Bursts of events (an editor's save) collapse into one reload running at a time, plus one more
/// if changes arrived meanwhile; the content hash makes a reload without real changes a no-op.
/// </summary>
internal sealed class PolicyFileWatcher : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private readonly Func<PolicyReloadResult> _reload;
    private readonly ILogger _logger;
    private int _state; // 0 idle, 1 reloading, 2 reloading and dirty

    public PolicyFileWatcher(string directory, Func<PolicyReloadResult> reload, ILogger logger)
    {
        _reload = reload;
        _logger = logger;
        try
        {
            _watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Changed += (_, _) => Trigger();
            _watcher.Created += (_, _) => Trigger();
            _watcher.Deleted += (_, _) => Trigger();
            _watcher.Renamed += (_, _) => Trigger();
            _watcher.Error += (_, e) => PolicyLog.WatcherProblem(_logger, e.GetException().Message);
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            PolicyLog.WatcherProblem(logger, $"cannot watch {directory} ({ex.Message}); use the admin reload instead");
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    private void Trigger()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            var next = state == 0 ? 1 : 2;
            if (Interlocked.CompareExchange(ref _state, next, state) == state)
            {
                if (state == 0)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ => Drain(), null);
                }
                return;
            }
        }
    }

    private void Drain()
    {
        do
        {
            Volatile.Write(ref _state, 1);
            try
            {
                _reload();
            }
            catch (Exception ex)
            {
                PolicyLog.WatcherProblem(_logger, $"reload failed: {ex.Message}");
            }
        }
        while (Interlocked.CompareExchange(ref _state, 0, 1) != 1);
    }

    public void Dispose() => _watcher?.Dispose();
}
