using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns.Mx;

public sealed partial class MxResolver
{
    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){3}$")]
    private static partial Regex DottedQuad();

    /// <summary>
    /// A domain literal (RFC 5321 4.1.3) bypasses DNS: <c>[192.0.2.1]</c>, <c>[IPv6:2001:db8::1]</c>,
    /// and, as KumoMTA accepts it, an untagged <c>[2001:db8::1]</c>. The site name is the address.
    /// </summary>
    private MxResolution FromLiteral(string literal)
    {
        if (!literal.EndsWith(']'))
        {
            return Failed(literal, DnsStatus.InvalidName, $"domain literal \"{literal}\" has no closing ']'");
        }
        var inner = literal[1..^1];
        IPAddress? address = null;
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(inner[5..], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 && v6.ScopeId == 0)
            {
                address = v6;
            }
        }
        else if (DottedQuad().IsMatch(inner) || inner.Contains(':'))
        {
            if (IPAddress.TryParse(inner, out var any) && (any.AddressFamily == AddressFamily.InterNetwork || any.ScopeId == 0))
            {
                address = any;
            }
        }
        if (address is null)
        {
            return Failed(literal, DnsStatus.InvalidName, $"domain literal \"{literal}\" is not an IPv4 address or IPv6:address");
        }
        var text = address.ToString();
        var host = new MxHost(text, 0, [address], DnsStatus.Ok);
        return new MxResolution(literal, MxOutcome.Hosts, [new MxPreferenceGroup(0, [host])], text, IsImplicit: false, IsDomainLiteral: true,
            DateTimeOffset.MaxValue);
    }
}
