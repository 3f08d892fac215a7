using System.Net;

namespace Akka.Mta.Dns.Protocol;

/// <summary>
/// One resource record. <see cref="Name"/> is in presentation form without the trailing dot
/// (the root is <c>""</c>), with the case the server sent; compare names case-insensitively.
/// </summary>
public sealed record DnsRecord(string Name, DnsRecordType Type, ushort Class, uint Ttl, DnsRecordData Data)
{
    public const ushort ClassIn = 1;

    public override string ToString() => $"{Name}. {Ttl} {(Class == ClassIn ? "IN" : "CLASS" + Class)} {Type} {Data}";
}

/// <summary>The typed RDATA of a record.</summary>
public abstract record DnsRecordData;

/// <summary>A or AAAA.</summary>
public sealed record AddressData(IPAddress Address) : DnsRecordData
{
    public override string ToString() => Address.ToString();
}

/// <summary>MX: an exchange of <c>""</c> (the root) is the null MX of RFC 7505.</summary>
public sealed record MxData(ushort Preference, string Exchange) : DnsRecordData
{
    public bool IsNullMx => Exchange.Length == 0;

    public override string ToString() => $"{Preference} {Exchange}.";
}

/// <summary>CNAME, PTR and NS: one domain name.</summary>
public sealed record NameData(string Target) : DnsRecordData
{
    public override string ToString() => Target + ".";
}

/// <summary>TXT: the character-strings, decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
public sealed record TxtData(IReadOnlyList<string> Strings) : DnsRecordData
{
    /// <summary>The strings concatenated, as SPF and DKIM read a TXT record.</summary>
    public string Text => string.Concat(Strings);

    public override string ToString() => string.Join(' ', Strings.Select(s => "\"" + s + "\""));
}

/// <summary>SOA; <see cref="Minimum"/> bounds the negative-caching TTL (RFC 2308).</summary>
public sealed record SoaData(string PrimaryServer, string Mailbox, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum)
    : DnsRecordData
{
    public override string ToString() => $"{PrimaryServer}. {Mailbox}. {Serial} {Refresh} {Retry} {Expire} {Minimum}";
}

/// <summary>A type the resolver does not interpret: the raw RDATA.</summary>
public sealed record UnknownData(byte[] Bytes) : DnsRecordData
{
    public override string ToString() => $"\\# {Bytes.Length} {Convert.ToHexString(Bytes)}";
}
