using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Smtp.Client;

public sealed partial class SmtpClient
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 7100, Level = LogLevel.Debug, Message = "SMTP connected to {Host} {Remote} from {Local}")]
        public static partial void Connected(ILogger logger, string host, IPEndPoint remote, IPEndPoint? local);

        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "SMTP connect to {Host} {Remote} failed: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string host, IPEndPoint remote, string reason);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "SMTP connection to {Host} failed ({Kind}): {Reason}")]
        public static partial void ConnectionFailed(ILogger logger, string host, SmtpFailureKind kind, string reason);

        [LoggerMessage(EventId = 7103, Level = LogLevel.Debug, Message = "{Host} refused EHLO ({Reply}); using HELO")]
        public static partial void FellBackToHelo(ILogger logger, string host, string reply);

        [LoggerMessage(EventId = 7104, Level = LogLevel.Debug, Message = "TLS with {Host}: {Protocol} {Cipher}, certificate valid: {Valid}")]
        public static partial void TlsEstablished(ILogger logger, string host, SslProtocols protocol, TlsCipherSuite cipher, bool valid);

        [LoggerMessage(EventId = 7105, Level = LogLevel.Information, Message = "{Host} refused STARTTLS ({Reply}); going on without TLS (opportunistic)")]
        public static partial void StartTlsRefused(ILogger logger, string host, string reply);

        [LoggerMessage(EventId = 7106, Level = LogLevel.Information, Message = "TLS handshake with {Host} failed ({Reason}); reconnecting without STARTTLS")]
        public static partial void ReconnectingWithoutTls(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 7107, Level = LogLevel.Debug, Message = "QUIT to {Host} did not complete: {Reason}")]
        public static partial void QuitFailed(ILogger logger, string host, string reason);
    }
}
