using System.Diagnostics;
using System.Text;
using Akka.Mta.LogHooks;
using Akka.Mta.LogHooks.Webhook;
using Akka.Mta.Testing.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Delivery.Tests.LogHooks;

/// <summary>The webhook transport against a real HTTP receiver on loopback.</summary>
public sealed class WebhookTransportTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static ReadOnlyMemory<byte> Record(int n) => Encoding.UTF8.GetBytes($"{{\"type\":\"Delivery\",\"n\":{n}}}");

    private WebhookTransport Transport(bool array = true, WebhookHmac? hmac = null, TimeSpan? timeout = null, Uri? url = null) =>
        new("test-hook", new WebhookOptions(url ?? _receiver.Url, [KeyValuePair.Create("Authorization", "Bearer abc")], hmac, timeout ?? TimeSpan.FromSeconds(30), array),
            NullLoggerFactory.Instance, TimeProvider.System);

    [Fact]
    public async Task Batch_IsOneJsonArrayInOrder_WithThePolicysHeaders_AndDelivered()
    {
        await using var transport = Transport();

        var result = await transport.SendAsync([Record(1), Record(2), Record(3)], CancellationToken.None);

        Assert.Equal(LogHookOutcome.Delivered, result.Outcome);
        Assert.StartsWith("HTTP 200", result.Detail);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("""[{"type":"Delivery","n":1},{"type":"Delivery","n":2},{"type":"Delivery","n":3}]""", request.Body);
        Assert.Equal("Bearer abc", request.Headers["Authorization"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Equal($"webhook {_receiver.Url}", transport.Description);
    }

    [Fact]
    public async Task BatchSizeOne_PostsTheRecordObject()
    {
        await using var transport = Transport(array: false);

        await transport.SendAsync([Record(7)], CancellationToken.None);

        Assert.Equal("""{"type":"Delivery","n":7}""", Assert.Single(_receiver.Requests).Body);
    }

    [Fact]
    public async Task HmacHeader_IsVerifiedByTheReceiver()
    {
        _receiver.HmacKey = "s3cret"u8.ToArray();
        await using var signed = Transport(hmac: new WebhookHmac("X-Signature-256", "s3cret"u8.ToArray(), WebhookHmacAlgorithm.Sha256, "sha256="));
        await using var wrongKey = Transport(hmac: new WebhookHmac("X-Signature-256", "other"u8.ToArray(), WebhookHmacAlgorithm.Sha256, "sha256="));

        var good = await signed.SendAsync([Record(1), Record(2)], CancellationToken.None);
        var bad = await wrongKey.SendAsync([Record(3)], CancellationToken.None);

        Assert.Equal(LogHookOutcome.Delivered, good.Outcome);
        Assert.Equal(LogHookOutcome.Rejected, bad.Outcome); // the receiver answers 401
        Assert.Equal([true, false], _receiver.Requests.Select(r => r.SignatureValid));
    }

    [Theory]
    [InlineData(WebhookBehaviour.Fail, LogHookOutcome.Retry, "HTTP 500 Internal Server Error: try later")]
    [InlineData(WebhookBehaviour.Refuse, LogHookOutcome.Rejected, "HTTP 400 Bad Request: bad record, go away")]
    public async Task Answer_DecidesTheOutcome(WebhookBehaviour behaviour, LogHookOutcome outcome, string detail)
    {
        _receiver.Behaviour = behaviour;
        await using var transport = Transport();

        var result = await transport.SendAsync([Record(1)], CancellationToken.None);

        Assert.Equal((outcome, detail), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task ReceiverDown_IsRetry_ConnectionRefused()
    {
        await _receiver.StopAsync();
        await using var transport = Transport();

        var result = await transport.SendAsync([Record(1)], CancellationToken.None);

        Assert.Equal(LogHookOutcome.Retry, result.Outcome);
        Assert.Equal($"connection refused by 127.0.0.1:{_receiver.Port}", result.Detail);
    }

    [Fact]
    public async Task UnresolvableHost_IsRetry_NamingTheHost()
    {
        await using var transport = Transport(url: new Uri("http://no-such-host.invalid/hook"));

        var result = await transport.SendAsync([Record(1)], CancellationToken.None);

        Assert.Equal(LogHookOutcome.Retry, result.Outcome);
        Assert.Contains("no-such-host.invalid", result.Detail);
    }

    [Fact]
    public async Task HangingReceiver_IsRetry_AfterTheTimeout()
    {
        _receiver.Behaviour = WebhookBehaviour.Hang;
        await using var transport = Transport(timeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var result = await transport.SendAsync([Record(1)], CancellationToken.None);

        Assert.Equal(LogHookOutcome.Retry, result.Outcome);
        Assert.Equal($"no answer from 127.0.0.1:{_receiver.Port} within 1s", result.Detail);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(30));
    }
}
