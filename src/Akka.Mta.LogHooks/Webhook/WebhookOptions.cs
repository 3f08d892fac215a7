namespace Akka.Mta.LogHooks.Webhook;

/// <summary>
/// An HTTP webhook destination: each batch is one <c>POST</c> of <c>application/json</c> to
/// <paramref name="Url"/>, the record object itself when <paramref name="ArrayBody"/> is false
/// (a hook with <c>batch_size = 1</c>), else a JSON array of the records in queue order.
/// <paramref name="Headers"/> are sent with every request; <paramref name="Hmac"/>, when given,
/// adds a signature of the exact body bytes. <paramref name="Timeout"/> bounds connecting,
/// sending and reading the answer together.
/// </summary>
public sealed record WebhookOptions(
    Uri Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    WebhookHmac? Hmac,
    TimeSpan Timeout,
    bool ArrayBody)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
}

/// <summary>The HMAC algorithms a webhook signature may use (<c>sha256</c> by default).</summary>
public enum WebhookHmacAlgorithm
{
    Sha256,
    Sha1,
    Sha512,
}

/// <summary>
/// A body signature: <paramref name="Header"/> carries <paramref name="Prefix"/> followed by the
/// lower-case hex HMAC of the request body under <paramref name="Key"/> (the UTF-8 bytes of the
/// policy's secret), e.g. <c>X-Signature-256: sha256=5d41...</c> as GitHub's webhooks do.
/// </summary>
public sealed record WebhookHmac(string Header, byte[] Key, WebhookHmacAlgorithm Algorithm, string Prefix)
{
    /// <summary>The header value for <paramref name="body"/>.</summary>
    public string Sign(ReadOnlySpan<byte> body)
    {
        var mac = Algorithm switch
        {
            WebhookHmacAlgorithm.Sha1 => System.Security.Cryptography.HMACSHA1.HashData(Key, body),
            WebhookHmacAlgorithm.Sha512 => System.Security.Cryptography.HMACSHA512.HashData(Key, body),
            _ => System.Security.Cryptography.HMACSHA256.HashData(Key, body),
        };
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>Never shows the key (logs, <c>policy check</c>).</summary>
    public override string ToString() => $"{Header}: {Prefix}<hmac-{Algorithm.ToString().ToLowerInvariant()}>";
}
