using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Akka.Mta.LogHooks.Tests.Amqp;

/// <summary>The AMQP transport where no broker answers: a closed port, and a peer that accepts TCP but never speaks.</summary>
public sealed class AmqpTransportWithoutBrokerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BrokerNotRunning_RetryConnectionRefused_Fast()
    {
        var port = ClosedPort();
        var loggers = new CollectingLoggerFactory();
        await using var transport = AmqpTransportTests.Transport(new Uri($"amqp://guest:guest@127.0.0.1:{port}/"), "logs", "k", loggers,
            hookName: "down-hook", connectTimeout: TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var result = await transport.SendAsync(AmqpTransportTests.Records(3, "down"), CancellationToken.None);

        clock.Stop();
        Assert.Equal(LogHookOutcome.Retry, result.Outcome);
        Assert.Equal($"connection refused to 127.0.0.1:{port}", result.Detail);
        // far below the 30 s connect timeout: a refusal is not waited out
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"a refused connection took {clock.Elapsed}");
        var warning = Assert.Single(loggers.Lines(LogLevel.Warning));
        Assert.Contains("down-hook", warning);
        Assert.Contains($"connection refused to 127.0.0.1:{port}", warning);
    }

    [Fact]
    public async Task PeerThatNeverAnswers_RetryAfterConnectTimeout_WithoutHanging()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts into the backlog, never reads nor writes: the AMQP handshake never completes
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var connectTimeout = TimeSpan.FromSeconds(2);
        await using var transport = AmqpTransportTests.Transport(new Uri($"amqp://guest:guest@127.0.0.1:{port}/"), "logs", "k",
            new CollectingLoggerFactory(), connectTimeout: connectTimeout);
        var clock = Stopwatch.StartNew();

        var result = await transport.SendAsync(AmqpTransportTests.Records(1, "silent"), CancellationToken.None);

        clock.Stop();
        output.WriteLine($"silent peer: {result.Outcome} after {clock.Elapsed.TotalSeconds:0.0} s: {result.Detail}");
        Assert.Equal(LogHookOutcome.Retry, result.Outcome);
        Assert.Contains($"127.0.0.1:{port}", result.Detail);
        Assert.True(clock.Elapsed >= connectTimeout - TimeSpan.FromMilliseconds(100), $"gave up after {clock.Elapsed}, before the connect timeout");
        // RabbitMQ.Client alone took connect timeout + 5 s here: the margin is under that, well over what the load needs
        Assert.True(clock.Elapsed < connectTimeout + TimeSpan.FromSeconds(4), $"a silent peer held SendAsync for {clock.Elapsed}");
    }

    [Fact]
    public async Task Description_NamesUrlExchangeAndRoutingKey_WithoutThePassword()
    {
        await using var transport = AmqpTransportTests.Transport(new Uri("amqp://mta:s3cret@broker.example:5673/logs"), "mta.logs", "delivery",
            new CollectingLoggerFactory());

        Assert.Equal("amqp amqp://mta@broker.example:5673/logs exchange 'mta.logs' routing key 'delivery'", transport.Description);
    }

    [Theory]
    [InlineData("http://127.0.0.1/", "url must be an absolute amqp:// or amqps:// URL")]
    [InlineData("amqp://127.0.0.1/", "confirm_timeout")]
    public void BadOptions_ThrowNamingTheHookAndTheKey(string url, string expected)
    {
        var confirm = url.StartsWith("amqp") ? TimeSpan.Zero : TimeSpan.FromSeconds(1);
        var error = Assert.Throws<ArgumentException>(() =>
            AmqpTransportTests.Transport(new Uri(url), "x", "k", new CollectingLoggerFactory(), hookName: "bad-hook", confirmTimeout: confirm));

        Assert.Contains("log hook 'bad-hook'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed: nothing listens there
    }
}
