namespace Akka.Mta.Dkim;

/// <summary>
/// What a signer writes into every signature: the signing domain and selector (<c>d=</c>, <c>s=</c>),
/// the header fields to sign (<c>h=</c>), the canonicalizations (<c>c=</c>), the optional expiry
/// (<c>x=</c>) and agent or user identifier (<c>i=</c>). With <see cref="OverSign"/> each
/// header name is listed once more than the message holds it, so no instance can be added later
/// without breaking the signature.
/// </summary>
public sealed record DkimSignerOptions
{
    public required string Domain { get; init; }

    public required string Selector { get; init; }

    public required IReadOnlyList<string> Headers { get; init; }

    public DkimCanonicalization HeaderCanonicalization { get; init; } = DkimCanonicalization.Relaxed;

    public DkimCanonicalization BodyCanonicalization { get; init; } = DkimCanonicalization.Relaxed;

    public bool OverSign { get; init; }

    /// <summary>Signature lifetime from the signing time; null writes no <c>x=</c>.</summary>
    public TimeSpan? Expiration { get; init; }

    /// <summary>The <c>i=</c> tag; it must be in <see cref="Domain"/> or a subdomain of it.</summary>
    public string? AgentUserIdentifier { get; init; }

    /// <summary>Throws <see cref="DkimException"/> naming the first option that RFC 6376 does not allow.</summary>
    public void Validate()
    {
        CheckDomain(Domain, "domain");
        if (Selector.Length == 0 || Selector.Split('.').Any(label => !IsLabel(label)))
        {
            throw new DkimException($"selector \"{Selector}\" is not a DNS label sequence (letters, digits, '-', '_', separated by '.')");
        }
        if (Headers.Count == 0)
        {
            throw new DkimException("headers: at least From must be signed (RFC 6376 5.4)");
        }
        foreach (var name in Headers)
        {
            if (name.Length == 0 || name.Any(c => c is <= ' ' or > '~' or ':' or ';'))
            {
                throw new DkimException($"headers: \"{name}\" is not a header field name (printable ASCII without ':', ';' or spaces)");
            }
        }
        if (!Headers.Any(h => string.Equals(h, "From", StringComparison.OrdinalIgnoreCase)))
        {
            throw new DkimException("headers: From must be among the signed header fields (RFC 6376 5.4)");
        }
        if (Expiration is { } x && x < TimeSpan.FromSeconds(1))
        {
            throw new DkimException($"expiration: must be at least one second, got {x.TotalSeconds}s");
        }
        if (AgentUserIdentifier is { } i)
        {
            var at = i.LastIndexOf('@');
            var domain = at < 0 ? string.Empty : i[(at + 1)..];
            if (at < 0 || i.Any(c => c is <= ' ' or > '~' or ';')
                || !(string.Equals(domain, Domain, StringComparison.OrdinalIgnoreCase)
                     || domain.EndsWith("." + Domain, StringComparison.OrdinalIgnoreCase)))
            {
                throw new DkimException($"agent_user_identifier \"{i}\" must be [local-part]@{Domain} or @ a subdomain of it");
            }
        }
    }

    private static void CheckDomain(string domain, string what)
    {
        if (domain.Length == 0 || domain.Length > 253 || domain.Split('.').Any(label => !IsLabel(label)))
        {
            throw new DkimException($"{what} \"{domain}\" is not a domain name (ASCII labels; use the A-label form of an IDN)");
        }
    }

    private static bool IsLabel(string label) =>
        label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
