using Microsoft.Extensions.Logging;

namespace Akka.Mta.LogHooks.Amqp;

public sealed partial class AmqpTransport
{
    [LoggerMessage(EventId = 9710, Level = LogLevel.Information, Message = "Log hook {Hook} ({Description}): connected (connection {Number})")]
    private partial void LogConnected(string hook, string description, int number);

    [LoggerMessage(EventId = 9711, Level = LogLevel.Warning, Message = "Log hook {Hook} ({Description}): cannot connect, will retry: {Detail}")]
    private partial void LogConnectFailed(string hook, string description, string detail);

    [LoggerMessage(EventId = 9712, Level = LogLevel.Warning, Message = "Log hook {Hook} ({Description}): batch of {Count} records not confirmed, will retry: {Detail}")]
    private partial void LogPublishFailed(string hook, string description, int count, string detail);

    [LoggerMessage(EventId = 9713, Level = LogLevel.Debug, Message = "Log hook {Hook} ({Description}): {Count} records confirmed")]
    private partial void LogDelivered(string hook, string description, int count);

    [LoggerMessage(EventId = 9714, Level = LogLevel.Debug, Message = "Log hook {Hook} ({Description}): closing the {What} failed: {Problem}")]
    private partial void LogCloseFailed(string hook, string description, string what, string problem);
}
