namespace Akka.Mta.Dns.Protocol;

/// <summary>
/// Malformed wire data: says what was wrong and at which byte offset. The only exception the
/// parser throws, whatever bytes it is given.
/// </summary>
public sealed class DnsFormatException(string message, int offset)
    : Exception($"{message} (at byte {offset})")
{
    public int Offset { get; } = offset;
}
