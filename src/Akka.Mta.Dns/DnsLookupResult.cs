using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns;

/// <summary>
/// The outcome of one lookup. <see cref="Records"/> are the records of the asked type owned by
/// <see cref="CanonicalName"/> (the end of any CNAME chain); empty unless <see cref="Status"/> is
/// <see cref="DnsStatus.Ok"/>. <see cref="Expires"/> is when the answer stops being valid (the
/// smallest TTL in the chain, or the negative TTL); <see cref="Detail"/> says what happened
/// for a failure, naming the servers.
/// </summary>
public sealed record DnsLookupResult(
    string Name,
    DnsRecordType Type,
    DnsStatus Status,
    IReadOnlyList<DnsRecord> Records,
    string CanonicalName,
    DateTimeOffset Expires,
    string? Detail = null)
{
    public bool IsOk => Status == DnsStatus.Ok;

    public override string ToString() =>
        $"{Name}. {Type}: {Status.ToKind()}" + (Detail is null ? "" : $" ({Detail})") + (Records.Count > 0 ? $", {Records.Count} records" : "");
}
