using System.Globalization;
using System.Net;
using Akka.Mta.Core.Routing;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Dns;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Dns.Protocol;
using Akka.Mta.Shaping.Options;

namespace Akka.Mta.Delivery.Routing;

/// <summary>One address to try, in order; <see cref="Port"/> null means the path's <c>smtp_port</c>.</summary>
public sealed record DeliveryTarget(string HostName, IPAddress Address, int? Port);

/// <summary>
/// Where a routing domain's mail goes: the site name that keys its egress path and the
/// addresses to try in order; or why it cannot go anywhere (<see cref="Failure"/>, permanent
/// when the mail should bounce rather than wait).
/// </summary>
public sealed record Route(string Site, IReadOnlyList<DeliveryTarget> Targets, SmtpResponse? Failure = null, bool IsPermanentFailure = false)
{
    public bool IsResolved => Failure is null;
}

/// <summary>
/// Turns a routing domain into a <see cref="Route"/>: from the queue's explicit <c>mx_list</c>
/// when it has one (site <c>mx_list:...</c>, no MX lookup), else from the domain's MX records
/// (site = the factored MX host names). Answers are cached by the DNS layer for their TTL.
/// </summary>
public sealed class RouteResolver(IMxResolver mx, IDnsResolver dns)
{
    public async Task<Route> ResolveAsync(string routingDomain, SmtpProtocol protocol, CancellationToken cancellationToken = default)
    {
        if (protocol.MxList is { Count: > 0 } list)
        {
            return await FromMxListAsync(list, cancellationToken).ConfigureAwait(false);
        }
        var resolution = await mx.ResolveMxAsync(routingDomain, cancellationToken).ConfigureAwait(false);
        return FromMx(routingDomain, resolution);
    }

    private static Route FromMx(string domain, MxResolution resolution)
    {
        if (resolution.Outcome == MxOutcome.NullMx)
        {
            return Failed(resolution.Site, 556, new EnhancedStatusCode(5, 1, 10), $"Recipient address has null MX: {domain} accepts no mail", permanent: true);
        }
        if (resolution.Outcome == MxOutcome.Failed)
        {
            var permanent = resolution.IsPermanentFailure;
            return Failed("", permanent ? 550 : 451, new EnhancedStatusCode(permanent ? 5 : 4, 4, permanent ? 4 : 3),
                $"MX lookup for {domain} failed: {resolution.Detail ?? resolution.FailureStatus?.ToKind() ?? "no answer"}", permanent);
        }
        var targets = resolution.Hosts
            .SelectMany(host => host.Addresses.Select(address => new DeliveryTarget(host.Name, address, null)))
            .ToList();
        if (targets.Count == 0)
        {
            return Failed(resolution.Site, 451, new EnhancedStatusCode(4, 4, 3), $"No address found for the MX hosts of {domain}", permanent: false);
        }
        return new Route(resolution.Site, targets);
    }

    private async Task<Route> FromMxListAsync(IReadOnlyList<MxListEntry> entries, CancellationToken cancellationToken)
    {
        var site = SiteName.FromMxList(entries.Select(e => e.Name));
        var targets = new List<DeliveryTarget>();
        var problems = new List<string>();
        foreach (var entry in entries)
        {
            var (host, port) = SplitHostPort(entry.Name);
            var literal = entry.Address ?? host.Trim('[', ']');
            if (IPAddress.TryParse(literal, out var address))
            {
                targets.Add(new DeliveryTarget(host, address, port));
                continue;
            }
            var answer = await dns.LookupAsync(host, DnsRecordType.A, cancellationToken).ConfigureAwait(false);
            if (!answer.IsOk)
            {
                problems.Add($"{host}: {answer.Status.ToKind()}");
                continue;
            }
            targets.AddRange(answer.Records.Select(r => new DeliveryTarget(host, ((AddressData)r.Data).Address, port)));
        }
        return targets.Count > 0
            ? new Route(site, targets)
            : Failed(site, 451, new EnhancedStatusCode(4, 4, 3), "No address found for mx_list " + string.Join(", ", problems), permanent: false);
    }

    /// <summary><c>host</c>, <c>host:port</c>, <c>[ip]</c>, <c>[ip]:port</c> or <c>ipv4:port</c>.</summary>
    internal static (string Host, int? Port) SplitHostPort(string entry)
    {
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']');
            if (close > 0 && close + 1 < entry.Length && entry[close + 1] == ':'
                && int.TryParse(entry.AsSpan(close + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var bracketPort))
            {
                return (entry[..(close + 1)], bracketPort);
            }
            return (entry, null);
        }
        var colon = entry.LastIndexOf(':');
        if (colon > 0 && entry.IndexOf(':') == colon
            && int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return (entry[..colon], port);
        }
        return (entry, null);
    }

    private static Route Failed(string site, int code, EnhancedStatusCode enhanced, string text, bool permanent) =>
        new(site, [], SmtpResponse.Internal(code, enhanced, text), permanent);
}
