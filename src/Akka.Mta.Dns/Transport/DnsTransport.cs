using System.Net;
using System.Security.Cryptography;
using Akka.Mta.Dns.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Dns.Transport;

/// <summary>
/// Queries nameservers over UDP (EDNS0), retrying over TCP when an answer is truncated. Each
/// server gets <see cref="DnsResolverOptions.Timeout"/> per try; servers are tried in order
/// (or rotated), <see cref="DnsResolverOptions.Attempts"/> rounds. SERVFAIL, REFUSED and the other
/// error RCODEs move on to the next server like a timeout does. Answers with another ID or
/// question are ignored (RFC 5452) and the wait goes on; every query uses a fresh socket, so a
/// random source port, and a random ID.
/// </summary>
public sealed partial class DnsTransport : IDnsTransport
{
    private readonly DnsResolverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _rotation = -1;

    public DnsTransport(DnsResolverOptions options, TimeProvider? time = null, ILogger<DnsTransport>? logger = null)
    {
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DnsTransport>.Instance;
    }

    public async Task<DnsExchange> ExchangeAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        var servers = _options.Servers;
        var start = _options.Rotate ? (int)((uint)Interlocked.Increment(ref _rotation) % (uint)servers.Count) : 0;
        var failures = new List<string>();
        var worst = DnsStatus.Timeout;
        for (var attempt = 0; attempt < _options.Attempts; attempt++)
        {
            for (var i = 0; i < servers.Count; i++)
            {
                var server = servers[(start + i) % servers.Count];
                var outcome = await TryServerAsync(server, question, cancellationToken);
                if (outcome.Response is { } response)
                {
                    if (response.ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NxDomain)
                    {
                        return DnsExchange.Answered(response, server);
                    }
                    outcome = TryOutcome.Failed(StatusOf(response.ResponseCode), $"{server}: {RcodeName(response.ResponseCode)}");
                }
                LogServerFailed(question, outcome.Detail);
                if (!failures.Contains(outcome.Detail))
                {
                    failures.Add(outcome.Detail);
                }
                if (Rank(outcome.Status) > Rank(worst))
                {
                    worst = outcome.Status;
                }
            }
        }
        return DnsExchange.Failed(worst, string.Join("; ", failures));
    }

    /// <summary>
    /// One server, one try: over UDP, again without EDNS if the server does not know it (FORMERR
    /// without an OPT record, RFC 6891 7), and over TCP if the answer is truncated.
    /// </summary>
    private async Task<TryOutcome> TryServerAsync(IPEndPoint server, DnsQuestion question, CancellationToken cancellationToken)
    {
        if (_options.UseTcp)
        {
            return Counted("tcp", await TryTcpAsync(server, question, cancellationToken));
        }
        var outcome = Counted("udp", await TryUdpAsync(server, question, _options.UdpPayloadSize, cancellationToken));
        if (outcome.Response is { ResponseCode: DnsResponseCode.FormErr, EdnsPayloadSize: null } && _options.UdpPayloadSize is not null)
        {
            LogEdnsFallback(server, question);
            outcome = Counted("udp", await TryUdpAsync(server, question, null, cancellationToken));
        }
        if (outcome.Response is { IsTruncated: true })
        {
            LogTruncated(server, question);
            outcome = Counted("tcp", await TryTcpAsync(server, question, cancellationToken));
        }
        return outcome;
    }

    private static TryOutcome Counted(string protocol, TryOutcome outcome)
    {
        Count(protocol, outcome);
        return outcome;
    }

    private static void Count(string protocol, TryOutcome outcome) =>
        DnsMetrics.CountQuery(protocol, outcome.Response is { } response
            ? response.IsTruncated ? "truncated" : response.ResponseCode switch
            {
                DnsResponseCode.NoError => "ok",
                DnsResponseCode.NxDomain => "nxdomain",
                var code => StatusOf(code).ToKind(),
            }
            : outcome.Status.ToKind());

    private static ushort NewId() => (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);

    /// <summary>What to report when every try failed: what a server said beats what we could not hear.</summary>
    private static int Rank(DnsStatus status) => status switch
    {
        DnsStatus.Timeout => 0,
        DnsStatus.NetworkError => 1,
        DnsStatus.Malformed => 2,
        _ => 3,
    };

    private static DnsStatus StatusOf(DnsResponseCode code) => code switch
    {
        DnsResponseCode.ServFail => DnsStatus.ServFail,
        DnsResponseCode.Refused => DnsStatus.Refused,
        DnsResponseCode.FormErr => DnsStatus.FormatError,
        DnsResponseCode.NotImp => DnsStatus.NotImplemented,
        _ => DnsStatus.OtherRcode,
    };

    private static string RcodeName(DnsResponseCode code) => code switch
    {
        DnsResponseCode.ServFail => "SERVFAIL",
        DnsResponseCode.Refused => "REFUSED",
        DnsResponseCode.FormErr => "FORMERR",
        DnsResponseCode.NotImp => "NOTIMP",
        _ => $"RCODE {(int)code}",
    };

    /// <summary>One server, one try: a response (any RCODE), or why there was none.</summary>
    private readonly record struct TryOutcome(DnsMessage? Response, DnsStatus Status, string Detail)
    {
        public static TryOutcome Answered(DnsMessage response) => new(response, DnsStatus.Ok, "");

        public static TryOutcome Failed(DnsStatus status, string detail) => new(null, status, detail);
    }

    /// <summary>What one received packet means for the query waiting on it.</summary>
    private enum Verdict { Accept, Ignore, Malformed }

    private Verdict Inspect(ReadOnlySpan<byte> packet, ushort id, DnsQuestion question, IPEndPoint server, out DnsMessage? message,
        out string? problem)
    {
        message = null;
        problem = null;
        if (!DnsMessageReader.TryReadId(packet, out var receivedId))
        {
            problem = $"{packet.Length}-byte packet, shorter than a header";
            return Verdict.Ignore;
        }
        if (receivedId != id)
        {
            problem = $"ID {receivedId} instead of {id}";
            return Verdict.Ignore;
        }
        try
        {
            message = DnsMessageReader.Parse(packet);
        }
        catch (DnsFormatException e)
        {
            problem = $"{server}: malformed answer: {e.Message}";
            return Verdict.Malformed;
        }
        if (!message.IsResponse || message.Opcode != 0)
        {
            problem = "not a response to a standard query";
            return Verdict.Ignore;
        }
        var questionMatches = message.Questions.Count == 1 && message.Questions[0].Matches(question);
        // Servers may leave the question out of an error answer (FORMERR, NOTIMP).
        var errorWithoutQuestion = message.Questions.Count == 0
            && message.ResponseCode is not (DnsResponseCode.NoError or DnsResponseCode.NxDomain);
        if (!questionMatches && !errorWithoutQuestion)
        {
            problem = message.Questions.Count == 1 ? $"question {message.Questions[0]} instead of {question}" : $"{message.Questions.Count} questions";
            return Verdict.Ignore;
        }
        return Verdict.Accept;
    }
}
