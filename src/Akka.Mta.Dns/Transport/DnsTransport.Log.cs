using System.Net;
using Akka.Mta.Dns.Protocol;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Dns.Transport;

public sealed partial class DnsTransport
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "DNS: ignored a packet from {Server} while waiting for {Question}: {Problem}")]
    private partial void LogIgnored(IPEndPoint server, DnsQuestion question, string problem);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "DNS: {Server} truncated the answer to {Question}; retrying over TCP")]
    private partial void LogTruncated(IPEndPoint server, DnsQuestion question);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "DNS: {Server} answered FORMERR to EDNS for {Question}; asking without EDNS")]
    private partial void LogEdnsFallback(IPEndPoint server, DnsQuestion question);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "DNS: {Question} failed at one server: {Detail}")]
    private partial void LogServerFailed(DnsQuestion question, string detail);
}
