using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Akka.Mta.Smtp.Sink;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Node.Tests;

/// <summary>The admin verbs as an operator runs them: separate processes against an in-process node.</summary>
public sealed partial class AdminVerbTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Inject_DeliversToTheSink_ThenQueuesAndInspectShowTheQueue()
    {
        await using var sink = await MailSinkHost.StartAsync(new MailSinkOptions());
        await using var node = await ThrowawayNode.StartAsync(SinkRouting.Policy(sink.SmtpEndpoint));
        var url = Url(node);

        var inject = await AkkaMtaProcess.RunAsync(["inject", "--url", url, "--from", "sender@example.org", "--to", "rcpt@example.com", "--subject", "Hello", "--text", "Body"]);
        Assert.True(inject.Exit == 0, inject.Stderr);
        Assert.Equal("accepted 1, failed 0", inject.Stdout.Trim());
        await Eventually.HoldsAsync(() => sink.Stats.Messages == 1, "the injected message at the sink", Deadline);

        var queues = await AkkaMtaProcess.RunAsync(["queues", "--url", url]);
        Assert.True(queues.Exit == 0, queues.Stderr);
        Assert.Matches(@"│ example\.com +│ +0 │ +0 │ +0 │", queues.Stdout);
        Assert.Matches("unspecified->.+@smtp_client", queues.Stdout);

        var json = await AkkaMtaProcess.RunAsync(["queues", "--url", url, "--json"]);
        Assert.Equal("example.com", (string)JsonNode.Parse(json.Stdout)!["scheduled"]![0]!["name"]!);

        var inspect = await AkkaMtaProcess.RunAsync(["inspect", "--url", url, "--queue", "example.com"]);
        Assert.True(inspect.Exit == 0, inspect.Stderr);
        Assert.Matches(@"│ queue_name +│ example\.com", inspect.Stdout);
        Assert.Matches(@"│ next_due +│", inspect.Stdout);
    }

    [Fact]
    public async Task InspectQueue_ShowsASampleOfFiveMessages_OfALargerQueue()
    {
        await using var node = await ThrowawayNode.StartAsync();
        var url = Url(node);
        var held = await AkkaMtaProcess.RunAsync(["suspend", "--url", url, "--reason", "hold", "--domain", "example.com", "--duration", "1h"]);
        Assert.True(held.Exit == 0, held.Stderr);
        var inject = await node.Http.PostAsync("/api/inject/v1", System.Net.Http.Json.JsonContent.Create(new
        {
            envelope_sender = "sender@example.org",
            recipients = Enumerable.Range(1, 7).Select(i => new { email = $"rcpt{i}@example.com" }).ToArray(),
            content = "Subject: sample\r\n\r\nbody\r\n",
        }));
        inject.EnsureSuccessStatusCode();

        var answer = await Eventually.ValueAsync(async () =>
        {
            var run = await AkkaMtaProcess.RunAsync(["inspect", "--url", url, "--queue", "example.com", "--json"]);
            return run.Exit == 0 && JsonNode.Parse(run.Stdout) is { } json && (int)json["num_scheduled"]! == 7 ? json : null;
        }, "seven messages held in example.com", Deadline);

        Assert.Equal(5, answer["messages"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("suspend", new[] { "--domain", "example.com" }, "example.com")]
    [InlineData("suspend-ready-q", new[] { "--name", "unspecified->mx.example.com@smtp_client" }, "unspecified->mx.example.com@smtp_client")]
    [InlineData("bounce", new[] { "--tenant", "acme" }, "acme")]
    public async Task Control_CreateListCancel_RoundTrip(string verb, string[] criteria, string shown)
    {
        await using var node = await ThrowawayNode.StartAsync();
        var url = Url(node);

        var created = await AkkaMtaProcess.RunAsync([verb, "--url", url, "--reason", "[maintenance] window", "--duration", "1h", .. criteria]);
        Assert.True(created.Exit == 0, created.Stderr);
        var id = IdLine().Match(created.Stdout).Groups[1].Value;
        Assert.NotEmpty(id);

        var listed = await AkkaMtaProcess.RunAsync([verb, "--url", url, "--list"]);
        Assert.True(listed.Exit == 0, listed.Stderr);
        Assert.Contains(id, listed.Stdout);
        Assert.Contains(shown, listed.Stdout);
        Assert.Contains("[maintenance] window", listed.Stdout);
        Assert.Contains("1 active", listed.Stdout);

        var cancelled = await AkkaMtaProcess.RunAsync([verb, "--url", url, "--cancel", id]);
        Assert.True(cancelled.Exit == 0, cancelled.Stderr);
        Assert.Equal("[]", (await AkkaMtaProcess.RunAsync([verb, "--url", url, "--list", "--json"])).Stdout.Trim());

        var again = await AkkaMtaProcess.RunAsync([verb, "--url", url, "--cancel", id]);
        Assert.Equal(1, again.Exit);
        Assert.Contains($"akka-mta {verb}: DELETE {url}/api/admin/", again.Stderr);
        Assert.Contains("answered 404", again.Stderr);
    }

    [Fact]
    public async Task NodeError_Exits1_WithTheNodesMessage()
    {
        await using var node = await ThrowawayNode.StartAsync();
        var url = Url(node);

        var badDuration = await AkkaMtaProcess.RunAsync(["suspend", "--url", url, "--reason", "r", "--duration", "soon"]);
        var unknownQueue = await AkkaMtaProcess.RunAsync(["inspect", "--url", url, "--queue", "nowhere.example"]);

        Assert.Equal(1, badDuration.Exit);
        Assert.Matches($@"^akka-mta suspend: POST {Regex.Escape(url)}/api/admin/suspend/v1 answered 400 Bad Request: duration: .+\n$", badDuration.Stderr);
        Assert.Equal(1, unknownQueue.Exit);
        Assert.Contains("answered 404 Not Found: queue_name: no scheduled queue \"nowhere.example\" is running", unknownQueue.Stderr);
    }

    [Fact]
    public async Task Rebind_MovesWaitingMail_AndABadSetIsRefusedBeforeSending()
    {
        await using var sink = await MailSinkHost.StartAsync(new MailSinkOptions());
        await using var node = await ThrowawayNode.StartAsync(SinkRouting.Policy(sink.SmtpEndpoint).Replace(
            "return { protocol", "return { retry_interval = '1h', protocol"));
        var url = Url(node);
        var inject = await AkkaMtaProcess.RunAsync(["inject", "--url", url, "--from", "a@example.org", "--to", "tempfail-1@example.com", "--subject", "s", "--text", "t"]);
        Assert.Equal(0, inject.Exit);
        await Eventually.HoldsAsync(() => sink.Stats.ByReplyCode.GetValueOrDefault(451) == 1, "the first attempt deferred", TimeSpan.FromSeconds(60));

        var rebind = await AkkaMtaProcess.RunAsync(["rebind", "--url", url, "--reason", "vip", "--domain", "example.com", "--set", "tenant=vip"]);
        var bad = await AkkaMtaProcess.RunAsync(["rebind", "--url", url, "--reason", "vip", "--set", "tenant"]);

        Assert.Equal((0, "rebind requested\n"), (rebind.Exit, rebind.Stdout));
        await Eventually.HoldsAsync(() => sink.Stats.Messages == 1, "the moved message delivered from vip@example.com", TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, bad.Exit);
        Assert.Contains("--set tenant: expected key=value", bad.Stderr);
    }

    [Fact]
    public async Task UnreachableNode_Exits1_NamingTheUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();

        foreach (var args in new[] { new[] { "queues" }, ["suspend", "--list"], ["inject", "--from", "a@example.org", "--to", "b@example.com", "--subject", "s"], ["tsa", "status"] })
        {
            var (exit, stdout, stderr) = await AkkaMtaProcess.RunAsync([.. args, "--url", url]);
            Assert.Equal(1, exit);
            Assert.Equal("", stdout);
            Assert.Matches($@"^akka-mta {(args[0] == "tsa" ? "tsa status" : args[0])}: cannot reach {Regex.Escape(url)}: .+\n$", stderr);
        }
    }

    [Fact]
    public async Task Token_FromAkkamtaToken_IsSentAsBearer()
    {
        await using var node = await ThrowawayNode.StartAsync(configure: o => o with
        {
            HttpTrustedHosts = [IPNetwork.Parse("10.0.0.0/8")],
            HttpBearerTokens = ["s3cret-token"],
        });
        var url = Url(node);

        var without = await AkkaMtaProcess.RunAsync(["queues", "--url", url]);
        var with = await AkkaMtaProcess.RunAsync(["queues", "--url", url, "--json"], new Dictionary<string, string> { ["AKKAMTA_TOKEN"] = "s3cret-token" });

        Assert.Equal(1, without.Exit);
        Assert.Contains("answered 401", without.Stderr);
        Assert.True(with.Exit == 0, with.Stderr);
        Assert.Equal("""{"scheduled":[],"ready":[]}""", with.Stdout.Trim());
    }

    private static string Url(ThrowawayNode node) => $"http://{node.Host.HttpEndpoint}";

    [GeneratedRegex(@"id ([0-9a-f-]{36})")]
    private static partial Regex IdLine();
}
