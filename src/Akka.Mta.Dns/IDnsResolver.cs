using System.Net;
using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns;

/// <summary>Looks up records of one type, following CNAMEs, with caching. Failures are results, not exceptions.</summary>
public interface IDnsResolver
{
    /// <summary>
    /// Records of <paramref name="type"/> for <paramref name="name"/> (IDNA applied). Throws only
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    ValueTask<DnsLookupResult> LookupAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default);

    /// <summary>PTR records for an address (<c>in-addr.arpa</c> / <c>ip6.arpa</c>).</summary>
    ValueTask<DnsLookupResult> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken = default) =>
        LookupAsync(ReverseName.For(address), DnsRecordType.PTR, cancellationToken);
}
