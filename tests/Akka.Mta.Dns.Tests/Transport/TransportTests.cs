using System.Net;
using System.Net.Sockets;
using Akka.Mta.Dns.Protocol;
using Akka.Mta.Testing.Dns;
using Microsoft.Extensions.Time.Testing;
using static Akka.Mta.Testing.Dns.DnsTestPacket;

namespace Akka.Mta.Dns.Tests.Transport;

/// <summary>Server selection, timeouts and answer validation, against scripted servers on loopback.</summary>
public sealed class TransportTests
{
    private readonly FakeTimeProvider _time = new();

    private static IReadOnlyList<byte[]> AnswerA(DnsTestQuery query, string address) =>
        [Response(query, NoError, [DnsTestRecord.A(query.Name, address)])];

    private DnsResolver Resolver(params ScriptedDnsServer[] servers) => Resolver(servers.Select(s => s.EndPoint).ToArray());

    private DnsResolver Resolver(IPEndPoint[] servers, int attempts = 1, bool rotate = false) =>
        new(new DnsResolverOptions { Servers = servers, Timeout = TimeSpan.FromSeconds(2), Attempts = attempts, Rotate = rotate }, _time);

    [Fact]
    public async Task SilentServer_TimesOut_ThenNextServerAnswers()
    {
        await using var silent = ScriptedDnsServer.Start(_ => []);
        await using var good = ScriptedDnsServer.Start(q => AnswerA(q, "192.0.2.1"));
        using var resolver = Resolver(silent, good);

        var lookup = resolver.LookupAsync("host.test", DnsRecordType.A).AsTask();
        await silent.WaitForQueriesAsync(1);
        Assert.False(lookup.IsCompleted, "the lookup waits for the silent server's timeout");
        _time.Advance(TimeSpan.FromSeconds(2));
        var result = await lookup.Within("the answer from the second server");

        Assert.Equal(DnsStatus.Ok, result.Status);
        Assert.Equal("192.0.2.1", result.Records.Single().Data.ToString());
        Assert.Single(good.Queries);
    }

    [Fact]
    public async Task AllServersSilent_FailsAsTimeout_NamingEachServer()
    {
        await using var first = ScriptedDnsServer.Start(_ => []);
        await using var second = ScriptedDnsServer.Start(_ => []);
        using var resolver = Resolver(first, second);

        var lookup = resolver.LookupAsync("host.test", DnsRecordType.A).AsTask();
        await first.WaitForQueriesAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2));
        await second.WaitForQueriesAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2));
        var result = await lookup.Within("the timeout of both servers");

        Assert.Equal(DnsStatus.Timeout, result.Status);
        Assert.Contains(first.EndPoint.ToString(), result.Detail);
        Assert.Contains(second.EndPoint.ToString(), result.Detail);
        Assert.False(result.Status.IsPermanent());
    }

    [Theory]
    [InlineData(ServFail, DnsStatus.ServFail, "SERVFAIL", 2)]
    [InlineData(Refused, DnsStatus.Refused, "REFUSED", 2)]
    [InlineData(NotImp, DnsStatus.NotImplemented, "NOTIMP", 2)]
    [InlineData(FormErr, DnsStatus.FormatError, "FORMERR", 4)] // each attempt also asks without EDNS
    public async Task ErrorRcode_IsKeptDistinct_AfterEveryAttempt(int rcode, DnsStatus expected, string named, int queries)
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, rcode)]);
        using var resolver = Resolver([server.EndPoint], attempts: 2);

        var result = await resolver.LookupAsync("host.test", DnsRecordType.A).Within("the error answer");

        Assert.Equal(expected, result.Status);
        Assert.Contains(named, result.Detail);
        Assert.Equal(queries, server.Queries.Count);
    }

    [Fact]
    public async Task ServFail_MovesOnToNextServer()
    {
        await using var failing = ScriptedDnsServer.Start(q => [Response(q, ServFail)]);
        await using var good = ScriptedDnsServer.Start(q => AnswerA(q, "192.0.2.2"));
        using var resolver = Resolver(failing, good);

        var result = await resolver.LookupAsync("host.test", DnsRecordType.A).Within("the second server's answer");

        Assert.Equal(DnsStatus.Ok, result.Status);
    }

    [Fact]
    public async Task SpoofedId_IsIgnored_AndTheRealAnswerAccepted()
    {
        await using var server = ScriptedDnsServer.Start(q => [
            Response(q, NoError, [DnsTestRecord.A(q.Name, "203.0.113.66")], id: (ushort)(q.Id + 1)),
            Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.3")]),
        ]);
        using var resolver = Resolver(server);

        var result = await resolver.LookupAsync("host.test", DnsRecordType.A).Within("the real answer");

        Assert.Equal("192.0.2.3", result.Records.Single().Data.ToString());
    }

    [Fact]
    public async Task AnswerToAnotherQuestion_IsIgnored_AndTheRealAnswerAccepted()
    {
        await using var server = ScriptedDnsServer.Start(q => [
            Response(q, NoError, [DnsTestRecord.A("evil.test", "203.0.113.66")], questionName: "evil.test"),
            Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.4")]),
        ]);
        using var resolver = Resolver(server);

        var result = await resolver.LookupAsync("host.test", DnsRecordType.A).Within("the real answer");

        Assert.Equal("192.0.2.4", result.Records.Single().Data.ToString());
    }

    [Fact]
    public async Task OnlyMismatchedAnswers_KeepsWaiting_UntilTimeout()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, NoError, [DnsTestRecord.A(q.Name, "203.0.113.66")], id: (ushort)~q.Id)]);
        using var resolver = Resolver(server);

        var lookup = resolver.LookupAsync("host.test", DnsRecordType.A).AsTask();
        await server.WaitForQueriesAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2));
        var result = await lookup.Within("the timeout");

        Assert.Equal(DnsStatus.Timeout, result.Status);
        Assert.Empty(result.Records);
    }

    [Fact]
    public async Task MalformedAnswer_FailsAsMalformed_WithWhereItBroke()
    {
        await using var server = ScriptedDnsServer.Start(q =>
        {
            var packet = Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.5")]);
            return [packet[..^2]]; // the address is cut short
        });
        using var resolver = Resolver(server);

        var result = await resolver.LookupAsync("host.test", DnsRecordType.A).Within("the malformed answer");

        Assert.Equal(DnsStatus.Malformed, result.Status);
        Assert.Contains("malformed answer", result.Detail);
        Assert.Contains("at byte", result.Detail);
    }

    [Fact]
    public async Task TruncatedUdpAnswer_IsRetriedOverTcp()
    {
        await using var server = ScriptedDnsServer.Start(q => q.OverTcp
            ? [Response(q, NoError, Enumerable.Range(1, 50).Select(i => DnsTestRecord.A(q.Name, $"198.51.100.{i}")))]
            : [Response(q, NoError, truncated: true)]);
        using var resolver = Resolver(server);

        var result = await resolver.LookupAsync("big.test", DnsRecordType.A).Within("the TCP answer");

        Assert.Equal(50, result.Records.Count);
        Assert.Equal([false, true], server.Queries.Select(q => q.OverTcp));
    }

    [Fact]
    public async Task TruncatedAnswer_ThenSilentTcp_TimesOut()
    {
        await using var server = ScriptedDnsServer.Start(q => q.OverTcp ? [] : [Response(q, NoError, truncated: true)]);
        using var resolver = Resolver(server);

        var lookup = resolver.LookupAsync("big.test", DnsRecordType.A).AsTask();
        await server.WaitForQueriesAsync(2);
        _time.Advance(TimeSpan.FromSeconds(2));
        var result = await lookup.Within("the TCP timeout");

        Assert.Equal(DnsStatus.Timeout, result.Status);
        Assert.Contains("(TCP): no answer within 2s", result.Detail);
    }

    [Fact]
    public async Task DisposingTheResolver_CancelsLookupsInFlight()
    {
        await using var server = ScriptedDnsServer.Start(_ => []);
        var resolver = Resolver(server);

        var lookup = resolver.LookupAsync("host.test", DnsRecordType.A).AsTask();
        await server.WaitForQueriesAsync(1);
        resolver.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lookup.WaitAsync(Await.Deadline));
    }

    [Fact]
    public async Task NothingListening_FailsFast_ThenNextServerAnswers()
    {
        var closed = ClosedUdpPort();
        await using var good = ScriptedDnsServer.Start(q => AnswerA(q, "192.0.2.6"));
        using var resolver = Resolver([closed, good.EndPoint]);

        var result = await resolver.LookupAsync("host.test", DnsRecordType.A).Within("the answer after the refused port");

        Assert.Equal(DnsStatus.Ok, result.Status);
    }

    [Fact]
    public async Task Queries_AdvertiseEdnsPayloadSize_AndUseRandomIds()
    {
        await using var server = ScriptedDnsServer.Start(q => AnswerA(q, "192.0.2.7"));
        using var resolver = Resolver(server);

        for (var i = 0; i < 8; i++)
        {
            await resolver.LookupAsync($"host{i}.test", DnsRecordType.A).Within("an answer");
        }

        Assert.All(server.Queries, q => Assert.Equal((ushort)1232, q.EdnsPayloadSize));
        Assert.True(server.Queries.Select(q => q.Id).Distinct().Count() > 1, "IDs differ between queries");
    }

    [Fact]
    public async Task FormErrToEdns_IsAskedAgainWithoutEdns()
    {
        await using var server = ScriptedDnsServer.Start(q => q.EdnsPayloadSize is null ? AnswerA(q, "192.0.2.10") : [Response(q, FormErr)]);
        using var resolver = Resolver(server);

        var result = await resolver.LookupAsync("old-server.test", DnsRecordType.A).Within("the plain answer");

        Assert.Equal("192.0.2.10", result.Records.Single().Data.ToString());
        Assert.Equal([(ushort?)1232, null], server.Queries.Select(q => q.EdnsPayloadSize));
    }

    [Fact]
    public async Task Rotate_StartsEachQueryAtTheNextServer()
    {
        await using var first = ScriptedDnsServer.Start(q => AnswerA(q, "192.0.2.8"));
        await using var second = ScriptedDnsServer.Start(q => AnswerA(q, "192.0.2.9"));
        using var resolver = Resolver([first.EndPoint, second.EndPoint], rotate: true);

        for (var i = 0; i < 4; i++)
        {
            await resolver.LookupAsync($"host{i}.test", DnsRecordType.A).Within("an answer");
        }

        Assert.Equal(2, first.Queries.Count);
        Assert.Equal(2, second.Queries.Count);
    }

    private static IPEndPoint ClosedUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }
}
