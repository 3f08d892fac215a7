using System.Text;
using System.Text.Json;
using Akka.Mta.Dns;
using Akka.Mta.Dns.Mx;

namespace Akka.Mta.Node.Commands;

/// <summary>The JSON the <c>dns</c> verbs print.</summary>
public static class DnsJson
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary><c>{"domain","hosts":[{"host","preference","addresses"}],"site","implicit","null_mx"}</c>, or <c>{"domain","error","detail"}</c>.</summary>
    public static string Mx(MxResolution result) => Write(json =>
    {
        json.WriteString("domain", result.Domain);
        if (result.Outcome == MxOutcome.Failed)
        {
            json.WriteString("error", result.FailureStatus!.Value.ToKind());
            json.WriteString("detail", result.Detail);
            return;
        }
        json.WriteStartArray("hosts");
        foreach (var host in result.Hosts)
        {
            json.WriteStartObject();
            json.WriteString("host", host.Name);
            json.WriteNumber("preference", host.Preference);
            json.WriteStartArray("addresses");
            foreach (var address in host.Addresses)
            {
                json.WriteStringValue(address.ToString());
            }
            json.WriteEndArray();
            if (host.Addresses.Count == 0)
            {
                json.WriteString("error", host.AddressStatus.ToKind());
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("site", result.Site);
        json.WriteBoolean("implicit", result.IsImplicit);
        json.WriteBoolean("null_mx", result.Outcome == MxOutcome.NullMx);
        json.WriteBoolean("domain_literal", result.IsDomainLiteral);
    });

    /// <summary><c>{"name","type","status","canonical_name","records":[{"name","type","ttl","data"}]}</c>, plus <c>error</c>/<c>detail</c> on failure.</summary>
    public static string Lookup(DnsLookupResult result) => Write(json =>
    {
        json.WriteString("name", result.Name);
        json.WriteString("type", result.Type.ToString());
        json.WriteString("status", result.Status.ToKind());
        if (!result.Status.IsDefinite() || result.Status == DnsStatus.NxDomain)
        {
            json.WriteString("error", result.Status.ToKind());
            json.WriteString("detail", result.Detail);
            return;
        }
        json.WriteString("canonical_name", result.CanonicalName);
        json.WriteStartArray("records");
        foreach (var record in result.Records)
        {
            json.WriteStartObject();
            json.WriteString("name", record.Name);
            json.WriteString("type", record.Type.ToString());
            json.WriteNumber("ttl", record.Ttl);
            json.WriteString("data", record.Data.ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Indented))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
