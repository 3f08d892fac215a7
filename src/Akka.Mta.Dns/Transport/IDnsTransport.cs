using System.Net;
using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns.Transport;

/// <summary>Sends one question to the configured nameservers and returns the answer that counts.</summary>
public interface IDnsTransport
{
    /// <summary>
    /// A response whose RCODE is NOERROR or NXDOMAIN, or the failure that remained after every
    /// server and attempt. Throws only <see cref="OperationCanceledException"/> for <paramref name="cancellationToken"/>.
    /// </summary>
    Task<DnsExchange> ExchangeAsync(DnsQuestion question, CancellationToken cancellationToken);
}

/// <summary>Either a response from <see cref="Server"/>, or a failure status with a detail naming the servers tried.</summary>
public sealed record DnsExchange(DnsMessage? Response, IPEndPoint? Server, DnsStatus Failure, string? Detail)
{
    public static DnsExchange Answered(DnsMessage response, IPEndPoint server) => new(response, server, DnsStatus.Ok, null);

    public static DnsExchange Failed(DnsStatus status, string detail) => new(null, null, status, detail);
}
