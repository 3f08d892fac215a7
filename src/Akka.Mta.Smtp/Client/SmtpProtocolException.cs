namespace Akka.Mta.Smtp.Client;

/// <summary>The server sent bytes that are not a well-formed SMTP reply.</summary>
public sealed class SmtpProtocolException(string message) : Exception(message);
