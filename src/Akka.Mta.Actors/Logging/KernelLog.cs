using Microsoft.Extensions.Logging;

namespace Akka.Mta.Actors;

/// <summary>The kernel's log lines, source-generated with stable event ids.</summary>
internal sealed partial class KernelLog(ILogger logger)
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Message [{MessageType}] from {Sender} to {Recipient} was not delivered. [{Count}] dead letters encountered.")]
    public partial void DeadLetterLogged(string messageType, string sender, string recipient, int count);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Dead letter logging is off after {Limit} dead letters; they are still published on the event stream.")]
    public partial void DeadLetterLoggingOff(int limit);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Actor {Path} failed; supervisor directive: {Directive}")]
    public partial void ActorFailed(Exception exception, string path, Directive directive);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "{Hook} of {Path} threw; ignored")]
    public partial void LifecycleHookFailed(Exception exception, string hook, string path);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Unhandled message [{MessageType}] in {Path}")]
    public partial void UnhandledMessageLogged(string messageType, string path);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "An async continuation (async void) of {Path} threw")]
    public partial void AsyncContinuationFailed(Exception exception, string path);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "A scheduled action threw")]
    public partial void ScheduledActionFailed(Exception exception);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Actor {Path} failed while stopping or already failed; not supervised again")]
    public partial void FailureWhileStopping(Exception exception, string path);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "The supervisor decider threw for {Path}; stopping the child")]
    public partial void DeciderFailed(Exception exception, string path);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Processing system message {MessageType} in {Path} threw")]
    public partial void SystemMessageFailed(Exception exception, string messageType, string path);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Actor system {Name} did not terminate within 10 s")]
    public partial void TerminationSlow(string name);
}
