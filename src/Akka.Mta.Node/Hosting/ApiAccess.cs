using System.Net;
using System.Security.Cryptography;
using System.Text;
using Akka.Mta.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// Who may use the HTTP API (spec 5, trusted hosts): a client whose address is in a trusted
/// network passes; any other needs <c>Authorization: Bearer &lt;token&gt;</c> with a configured token
/// or one the policy's <c>http_server_validate_auth_bearer</c> accepts, or <c>Authorization: Basic</c>
/// credentials its <c>http_server_validate_auth_basic</c> accepts; else it gets 401 with the
/// challenges it could answer. Liveness and the <c>/healthz</c> probes are open to all, so load balancers and orchestrators need no
/// credentials. Configured tokens are compared as SHA-256 digests in constant time, so neither
/// their content nor their length shows in the response time. A policy hook that fails refuses
/// the request (and logs the error with its file and line).
/// </summary>
public sealed partial class ApiAccess
{
    public const string LivenessPath = "/api/check-liveness/v1";

    /// <summary>Liveness and the health probes: what load balancers and orchestrators ask, without credentials.</summary>
    private static readonly HashSet<string> OpenPaths = new(StringComparer.Ordinal) { LivenessPath, NodeHealth.LivePath, NodeHealth.ReadyPath };

    private readonly IReadOnlyList<IPNetwork> _trusted;
    private readonly byte[][] _tokenDigests;
    private readonly IPolicyHost? _policy;
    private readonly ILogger _logger;

    public ApiAccess(IReadOnlyList<IPNetwork> trustedHosts, IReadOnlyList<string> bearerTokens, IPolicyHost? policy = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(trustedHosts);
        ArgumentNullException.ThrowIfNull(bearerTokens);
        _trusted = trustedHosts;
        _tokenDigests = [.. bearerTokens.Where(t => t.Length > 0).Select(Digest)];
        _policy = policy;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (OpenPaths.Contains(context.Request.Path.Value ?? "")
            || IsTrusted(context.Connection.RemoteIpAddress)
            || HasValidCredentials(context.Request.Headers.Authorization.ToString()))
        {
            return next(context);
        }
        var basic = _policy?.RegisteredEvents.Contains(PolicyEvents.HttpServerValidateAuthBasic) == true;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = basic ? new StringValues(["Bearer", "Basic realm=\"akka-mta\""]) : "Bearer";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(basic
            ? "authentication required: connect from a trusted host or send Authorization: Bearer <token> or Basic credentials\n"
            : "authentication required: connect from a trusted host or send Authorization: Bearer <token>\n");
    }

    /// <summary>A configured bearer token, or a token or Basic credentials the policy accepts.</summary>
    public bool HasValidCredentials(string authorization)
    {
        if (HasValidToken(authorization))
        {
            return true;
        }
        if (_policy is null)
        {
            return false;
        }
        try
        {
            if (Credential(authorization, "Bearer ") is { } token)
            {
                return _policy.HttpServerValidateAuthBearer(token) == true;
            }
            return Credential(authorization, "Basic ") is { } encoded && DecodeBasic(encoded) is var (user, password)
                && _policy.HttpServerValidateAuthBasic(user, password) == true;
        }
        catch (PolicyException e)
        {
            LogHookFailed(_logger, e.Message);
            return false;
        }
    }

    private static string? Credential(string authorization, string scheme) =>
        authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization[scheme.Length..].Trim() is { Length: > 0 } value
            ? value
            : null;

    /// <summary><c>user:password</c> from base64 (RFC 7617); null when it is not that.</summary>
    private static (string User, string Password)? DecodeBasic(string encoded)
    {
        // The client sets the length: on the heap, not the stack.
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP API access refused: the policy's credential check failed: {Reason}")]
    private static partial void LogHookFailed(ILogger logger, string reason);
}
