namespace Akka.Mta.Dns.Protocol;

/// <summary>A question: name (presentation form, no trailing dot), type and class.</summary>
public sealed record DnsQuestion(string Name, DnsRecordType Type, ushort Class = DnsRecord.ClassIn)
{
    /// <summary>Whether a response's question answers this one (names compare case-insensitively).</summary>
    public bool Matches(DnsQuestion other) =>
        Type == other.Type && Class == other.Class && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Name}. {Type}";
}

/// <summary>
/// A parsed DNS message. <see cref="ResponseCode"/> includes the extended bits of the OPT record;
/// <see cref="EdnsPayloadSize"/> is null when the message carried no OPT record.
/// </summary>
public sealed record DnsMessage(
    ushort Id,
    bool IsResponse,
    byte Opcode,
    bool IsAuthoritative,
    bool IsTruncated,
    bool RecursionDesired,
    bool RecursionAvailable,
    DnsResponseCode ResponseCode,
    IReadOnlyList<DnsQuestion> Questions,
    IReadOnlyList<DnsRecord> Answers,
    IReadOnlyList<DnsRecord> Authorities,
    IReadOnlyList<DnsRecord> Additionals,
    ushort? EdnsPayloadSize);
