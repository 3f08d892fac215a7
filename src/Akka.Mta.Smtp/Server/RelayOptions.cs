using System.Net;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// Relay control: mail for a <see cref="LocalDomains">local domain</see> is always taken; mail for
/// any other domain only from a client in <see cref="RelayNetworks"/> or from an authenticated
/// user allowed by <see cref="RelayUsers"/>. Everything else gets 550 5.7.1 at RCPT.
/// </summary>
public sealed record RelayOptions
{
    /// <summary>Domains this server takes mail for; an entry starting with a dot (<c>.example.com</c>) covers the subdomains.</summary>
    public IReadOnlyList<string> LocalDomains { get; init; } = [];

    /// <summary>Client networks that may relay (CIDR). Default: loopback only.</summary>
    public IReadOnlyList<IPNetwork> RelayNetworks { get; init; } = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    /// <summary>Authenticated users that may relay; null means every authenticated user, empty means none.</summary>
    public IReadOnlyList<string>? RelayUsers { get; init; }

    /// <summary>Anyone may relay: for the test sink and closed networks.</summary>
    public static RelayOptions Open { get; } = new() { RelayNetworks = [IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")] };

    public bool IsLocalDomain(string domain)
    {
        foreach (var local in LocalDomains)
        {
            if (local.StartsWith('.')
                ? domain.EndsWith(local, StringComparison.OrdinalIgnoreCase)
                : domain.Equals(local, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public bool MayRelay(SmtpSessionInfo session)
    {
        if (session.ClientAddress is { } address && RelayNetworks.Any(n => n.Contains(address)))
        {
            return true;
        }
        return session.AuthenticatedUser is { } user
            && (RelayUsers is null || RelayUsers.Contains(user, StringComparer.OrdinalIgnoreCase));
    }
}
