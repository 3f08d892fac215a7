using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns;

public sealed partial class DnsResolver
{
    /// <summary>
    /// Queries <paramref name="key"/> and follows CNAMEs: first through the answer section (a
    /// recursive server usually chases the chain itself), then with a new query for the last
    /// target when the server stopped at a CNAME. A name met twice, or more than
    /// <see cref="DnsResolverOptions.MaxCnameHops"/> CNAMEs, ends as <see cref="DnsStatus.CnameLoop"/>.
    /// </summary>
    private async Task<DnsLookupResult> ResolveAsync(CacheKey key, CancellationToken cancellationToken)
    {
        var current = key.Name;
        var chain = new List<string> { current };
        var smallestTtl = uint.MaxValue;
        while (true)
        {
            var exchange = await _transport.ExchangeAsync(new DnsQuestion(current, key.Type), cancellationToken);
            var now = _time.GetUtcNow();
            if (exchange.Response is not { } response)
            {
                return new DnsLookupResult(key.Name, key.Type, exchange.Failure, [], current, now + _options.FailureTtl, exchange.Detail);
            }

            var followed = false;
            while (true)
            {
                var records = Owned(response.Answers, current, key.Type);
                if (records.Count > 0)
                {
                    foreach (var record in records)
                    {
                        smallestTtl = Math.Min(smallestTtl, record.Ttl);
                    }
                    return new DnsLookupResult(key.Name, key.Type, DnsStatus.Ok, records, current, now + Cap(smallestTtl, _options.MaxTtl));
                }
                if (key.Type == DnsRecordType.CNAME || Owned(response.Answers, current, DnsRecordType.CNAME) is not [var alias, ..])
                {
                    break;
                }
                var target = ((NameData)alias.Data).Target;
                var seen = chain.Exists(name => string.Equals(name, target, StringComparison.OrdinalIgnoreCase));
                chain.Add(target);
                if (seen || chain.Count - 1 > _options.MaxCnameHops)
                {
                    var reason = seen ? "CNAME loop" : $"more than {_options.MaxCnameHops} CNAMEs";
                    return new DnsLookupResult(key.Name, key.Type, DnsStatus.CnameLoop, [], current, now + _options.FailureTtl,
                        $"{reason}: {string.Join(" -> ", chain)}");
                }
                smallestTtl = Math.Min(smallestTtl, alias.Ttl);
                current = target;
                followed = true;
            }

            if (response.ResponseCode == DnsResponseCode.NxDomain)
            {
                return Negative(key, DnsStatus.NxDomain, response, current, smallestTtl, now, exchange);
            }
            if (!followed)
            {
                return Negative(key, DnsStatus.NoData, response, current, smallestTtl, now, exchange);
            }
            // The server stopped at a CNAME: ask for the target ourselves.
        }
    }

    /// <summary>NXDOMAIN or NODATA, cached for min(SOA TTL, SOA MINIMUM) (RFC 2308 5); not at all without an SOA.</summary>
    private DnsLookupResult Negative(CacheKey key, DnsStatus status, DnsMessage response, string current, uint chainTtl, DateTimeOffset now,
        Transport.DnsExchange exchange)
    {
        var ttl = TimeSpan.Zero;
        foreach (var record in response.Authorities)
        {
            if (record is { Type: DnsRecordType.SOA, Data: SoaData soa })
            {
                ttl = Cap(Math.Min(chainTtl, Math.Min(record.Ttl, soa.Minimum)), _options.MaxNegativeTtl);
                break;
            }
        }
        var detail = status == DnsStatus.NxDomain ? $"{current} does not exist" : $"{current} has no {key.Type} records";
        return new DnsLookupResult(key.Name, key.Type, status, [], current, now + ttl, $"{detail} (answered by {exchange.Server})");
    }

    private static List<DnsRecord> Owned(IReadOnlyList<DnsRecord> answers, string owner, DnsRecordType type)
    {
        var owned = new List<DnsRecord>();
        foreach (var record in answers)
        {
            if (record.Type == type && record.Class == DnsRecord.ClassIn && string.Equals(record.Name, owner, StringComparison.OrdinalIgnoreCase))
            {
                owned.Add(record);
            }
        }
        return owned;
    }

    private static TimeSpan Cap(uint seconds, TimeSpan max) =>
        seconds >= max.TotalSeconds ? max : TimeSpan.FromSeconds(seconds);
}
