using Microsoft.Extensions.Logging;

namespace Akka.Mta.Policy;

/// <summary>Log events of the policy host (ids 8000-8099).</summary>
internal static partial class PolicyLog
{
    public static void Policy(ILogger logger, long level, string file, int line, string text)
    {
        switch (level)
        {
            case 0:
                PolicyInfo(logger, file, line, text);
                break;
            case 1:
                PolicyWarning(logger, file, line, text);
                break;
            default:
                PolicyError(logger, file, line, text);
                break;
        }
    }

    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "policy {File}:{Line}: {Text}")]
    private static partial void PolicyInfo(ILogger logger, string file, int line, string text);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "policy {File}:{Line}: {Text}")]
    private static partial void PolicyWarning(ILogger logger, string file, int line, string text);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "policy {File}:{Line}: {Text}")]
    private static partial void PolicyError(ILogger logger, string file, int line, string text);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "policy {File} loaded: epoch {Epoch}, hash {Hash}")]
    public static partial void Loaded(ILogger logger, string file, long epoch, string hash);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Error, Message = "policy reload failed, the previous policy (epoch {Epoch}) keeps running: {Error}")]
    public static partial void ReloadFailed(ILogger logger, long epoch, string error);

    [LoggerMessage(EventId = 8013, Level = LogLevel.Error, Message = "policy reload refused, the previous policy (epoch {Epoch}) keeps running: the new {File} no longer registers {Handlers}; if it was caught half written it is reloaded once complete, to drop handlers on purpose use POST /api/admin/bump-config-epoch?allow_dropped_handlers=true")]
    public static partial void ReloadRefused(ILogger logger, long epoch, string file, string handlers);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Warning, Message = "policy directory watcher: {Reason}")]
    public static partial void WatcherProblem(ILogger logger, string reason);
}
