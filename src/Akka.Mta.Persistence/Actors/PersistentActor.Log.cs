using Microsoft.Extensions.Logging;

namespace Akka.Mta.Persistence.Actors;

internal static partial class PersistentActorLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Recovery of persistent actor \"{PersistenceId}\" ({Path}) failed; stopping it")]
    public static partial void RecoveryFailed(ILogger logger, Exception cause, string persistenceId, string path);
}
