using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Smtp.Server;

/// <summary>What the server calls out to: the sink, the policy hooks, the authenticator, the clock and logging.</summary>
public sealed record SmtpServerServices(IReceptionSink Sink)
{
    public ISmtpSessionPolicy Policy { get; init; } = AcceptAllPolicy.Instance;

    /// <summary>Checks AUTH credentials; null means AUTH is not offered.</summary>
    public ISmtpAuthenticator? Authenticator { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
