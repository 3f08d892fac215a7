namespace Akka.Mta.Dkim;

/// <summary>A signer that cannot be built: a key that is unreadable or of the wrong kind, or options that break RFC 6376.</summary>
public sealed class DkimException(string message) : Exception(message);
