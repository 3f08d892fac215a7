using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>One parsed command line. Each verb has its own record and file under Commands/.</summary>
public abstract record SmtpCommand(SmtpVerb Verb);

/// <summary>
/// A command whose verb is known but whose arguments are not valid; <see cref="Reply"/> says what
/// is wrong. The verb is kept so the session can still judge the command's sequence first.
/// </summary>
public sealed record InvalidCommand(SmtpVerb Verb, SmtpResponse Reply) : SmtpCommand(Verb);

/// <summary>A line whose verb is not an SMTP command this server knows.</summary>
public sealed record UnknownCommand(string Name) : SmtpCommand(SmtpVerb.Unknown);
