using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace Akka.Mta.Smtp.Server;

/// <summary>The TLS a session runs over after STARTTLS.</summary>
public sealed record TlsInfo(SslProtocols Protocol, TlsCipherSuite CipherSuite)
{
    /// <summary>Postfix-style names: <c>TLSv1.3</c>, <c>TLS_AES_256_GCM_SHA384</c>.</summary>
    public string ProtocolName => Protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => Protocol.ToString(),
    };
}

/// <summary>
/// What is known about a session at one moment: the peer, what it said in EHLO, TLS and the
/// authenticated user. A new snapshot is made whenever one of these changes; hooks and the
/// sink get the snapshot current at their call.
/// </summary>
public sealed record SmtpSessionInfo(string ConnectionId, EndPoint? RemoteEndPoint, EndPoint? LocalEndPoint)
{
    /// <summary>The name from EHLO or HELO; null before it.</summary>
    public string? HeloName { get; init; }

    /// <summary>True when the client greeted with EHLO (extensions in use).</summary>
    public bool IsExtended { get; init; }

    public TlsInfo? Tls { get; init; }

    public string? AuthenticatedUser { get; init; }

    /// <summary>The client's IP address (IPv4-mapped IPv6 addresses given as IPv4); null when unknown.</summary>
    public IPAddress? ClientAddress => RemoteEndPoint is IPEndPoint ip
        ? (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address)
        : null;
}
