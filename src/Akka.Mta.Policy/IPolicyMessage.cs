using System.Text.Json.Nodes;

namespace Akka.Mta.Policy;

/// <summary>
/// The message a policy's <c>msg</c> object wraps. The MTA implements it over its spooled
/// message (headers parsed from the RFC 5322 content, a metadata dictionary); the host calls it
/// only from the thread running the hook. Metadata values are JSON values; the well-known keys
/// <see cref="MetaKeys"/> hold strings.
/// </summary>
public interface IPolicyMessage
{
    string Id { get; }

    /// <summary>The envelope sender (MAIL FROM), empty for the null sender.</summary>
    string Sender { get; }

    /// <summary>The envelope recipient (RCPT TO).</summary>
    string Recipient { get; }

    /// <summary>The value stored under <paramref name="key"/>; false when there is none.</summary>
    bool TryGetMeta(string key, out JsonNode? value);

    void SetMeta(string key, JsonNode? value);

    /// <summary>The unfolded value of the first header field named <paramref name="name"/> (case-insensitive), or null.</summary>
    string? GetFirstHeaderValue(string name);

    /// <summary>Adds a header field at the end of the header section; name and value are already checked.</summary>
    void AppendHeader(string name, string value);

    /// <summary>
    /// Signs the message as it is now (appended headers included) and puts the
    /// <c>DKIM-Signature</c> field in front of it; no other byte changes.
    /// </summary>
    void DkimSign(Akka.Mta.Dkim.DkimSigner signer, DateTimeOffset now);
}

/// <summary>Metadata keys the MTA reads after the message events.</summary>
public static class MetaKeys
{
    public const string Tenant = "tenant";
    public const string Campaign = "campaign";
    public const string Queue = "queue";
    public const string RoutingDomain = "routing_domain";
    public const string EgressPool = "egress_pool";

    /// <summary>Keys whose values must be strings.</summary>
    public static bool IsStringKey(string key) => key is Tenant or Campaign or Queue or RoutingDomain or EgressPool;
}
