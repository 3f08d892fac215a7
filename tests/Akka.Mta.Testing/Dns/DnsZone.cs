namespace Akka.Mta.Testing.Dns;

/// <summary>
/// Zone data for <see cref="UnboundServer"/>: local zones and their records in zone-file syntax.
/// Every name outside the zones given is REFUSED, so the server never recurses anywhere.
/// </summary>
public sealed class DnsZone
{
    private readonly List<string> _lines = [];

    /// <summary>
    /// A zone answered from local data (unbound <c>local-zone</c> type, default <c>static</c>: names
    /// without data are NXDOMAIN), with an SOA whose MINIMUM is <paramref name="negativeTtl"/>.
    /// </summary>
    public DnsZone Zone(string name, string type = "static", uint negativeTtl = 60)
    {
        var zone = name.TrimEnd('.');
        _lines.Add($"local-zone: \"{zone}.\" {type}");
        if (type is "static" or "transparent" or "typetransparent" or "redirect")
        {
            Record($"{zone}. 300 IN SOA ns.{zone}. hostmaster.{zone}. 1 3600 600 86400 {negativeTtl}");
        }
        return this;
    }

    /// <summary>A record in zone-file syntax, for example <c>mx.example.test. 300 IN A 192.0.2.1</c>.</summary>
    public DnsZone Record(string record)
    {
        if (record.Contains('"') && !record.Contains("TXT", StringComparison.Ordinal))
        {
            throw new ArgumentException($"unexpected quote in \"{record}\"", nameof(record));
        }
        _lines.Add($"local-data: '{record}'");
        return this;
    }

    public DnsZone A(string name, string address, uint ttl = 300) => Record($"{Fqdn(name)} {ttl} IN A {address}");

    public DnsZone Aaaa(string name, string address, uint ttl = 300) => Record($"{Fqdn(name)} {ttl} IN AAAA {address}");

    public DnsZone Mx(string name, ushort preference, string exchange, uint ttl = 300) =>
        Record($"{Fqdn(name)} {ttl} IN MX {preference} {(exchange == "." ? "." : Fqdn(exchange))}");

    public DnsZone Cname(string name, string target, uint ttl = 300) => Record($"{Fqdn(name)} {ttl} IN CNAME {Fqdn(target)}");

    public DnsZone Txt(string name, string text, uint ttl = 300) => Record($"{Fqdn(name)} {ttl} IN TXT \"{text}\"");

    /// <summary>A PTR record for <paramref name="address"/> (unbound creates the reverse name).</summary>
    public DnsZone Ptr(string address, string host, uint ttl = 300)
    {
        _lines.Add($"local-data-ptr: \"{address} {ttl} {Fqdn(host)}\"");
        return this;
    }

    internal IReadOnlyList<string> ConfigLines => _lines;

    private static string Fqdn(string name) => name.EndsWith('.') ? name : name + ".";
}
