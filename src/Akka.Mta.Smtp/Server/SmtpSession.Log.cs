using System.Net;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Smtp.Server;

public sealed partial class SmtpSession
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 7100, Level = LogLevel.Debug, Message = "SMTP {ConnectionId} connected from {Remote}")]
        public static partial void SessionStarted(ILogger logger, string connectionId, EndPoint? remote);

        [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "SMTP {ConnectionId} closed after {Messages} message(s)")]
        public static partial void SessionEnded(ILogger logger, string connectionId, int messages);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "SMTP {ConnectionId} ended by the server: {Reply}")]
        public static partial void SessionAborted(ILogger logger, string connectionId, string reply);

        [LoggerMessage(EventId = 7103, Level = LogLevel.Debug, Message = "SMTP {ConnectionId} client went away: {Reason}")]
        public static partial void ClientGone(ILogger logger, string connectionId, string reason);

        [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "SMTP {ConnectionId} failed")]
        public static partial void SessionFailed(ILogger logger, Exception exception, string connectionId);

        [LoggerMessage(EventId = 7105, Level = LogLevel.Information, Message = "SMTP {ConnectionId} TLS handshake failed: {Reason}")]
        public static partial void TlsFailed(ILogger logger, string connectionId, string reason);

        [LoggerMessage(EventId = 7106, Level = LogLevel.Error, Message = "SMTP {ConnectionId} sink failed on message {MessageId}; answered 451")]
        public static partial void SinkFailed(ILogger logger, Exception exception, string connectionId, string messageId);

        [LoggerMessage(EventId = 7107, Level = LogLevel.Error, Message = "SMTP {ConnectionId} policy hook {Hook} failed; answered 451")]
        public static partial void PolicyFailed(ILogger logger, Exception exception, string connectionId, string hook);

        [LoggerMessage(EventId = 7108, Level = LogLevel.Debug, Message = "SMTP {ConnectionId} message {MessageId} answered {Reply}")]
        public static partial void MessageAnswered(ILogger logger, string connectionId, string messageId, string reply);
    }
}
