using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// Who may use the HTTP API (spec 5, trusted hosts): a client whose address is in a trusted
/// network passes; any other needs <c>Authorization: Bearer &lt;token&gt;</c> with a configured token,
/// else gets 401 with <c>WWW-Authenticate: Bearer</c>. Liveness is open to all, so load balancers
/// and orchestrators need no credentials. Tokens are compared as SHA-256 digests in constant time,
/// so neither their content nor their length shows in the response time.
/// </summary>
public sealed class ApiAccess
{
    public const string LivenessPath = "/api/check-liveness/v1";

    private readonly IReadOnlyList<IPNetwork> _trusted;
    private readonly byte[][] _tokenDigests;

    public ApiAccess(IReadOnlyList<IPNetwork> trustedHosts, IReadOnlyList<string> bearerTokens)
    {
        ArgumentNullException.ThrowIfNull(trustedHosts);
        ArgumentNullException.ThrowIfNull(bearerTokens);
        _trusted = trustedHosts;
        _tokenDigests = [.. bearerTokens.Where(t => t.Length > 0).Select(Digest)];
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.Path.Equals(LivenessPath, StringComparison.Ordinal)
            || IsTrusted(context.Connection.RemoteIpAddress)
            || HasValidToken(context.Request.Headers.Authorization.ToString()))
        {
            return next(context);
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("authentication required: connect from a trusted host or send Authorization: Bearer <token>\n");
    }

    public bool IsTrusted(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var network in _trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when the header is <c>Bearer &lt;token&gt;</c> with a configured token; every token is compared.</summary>
    public bool HasValidToken(string authorization)
    {
        const string scheme = "Bearer ";
        if (_tokenDigests.Length == 0 || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var presented = Digest(authorization[scheme.Length..].Trim());
        var matched = false;
        foreach (var digest in _tokenDigests)
        {
            matched |= CryptographicOperations.FixedTimeEquals(presented, digest);
        }
        return matched;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
