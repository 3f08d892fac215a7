using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Testing.Postfix;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.IntegrationTests;

/// <summary>The TSA in a running node, seen from outside: the sink answers as Yahoo does, and `akka-mta tsa status` shows the suspension.</summary>
public sealed class AutomationEndToEndTests
{
    [Fact]
    public async Task YahooStyleReply_SuspendsThePath_AndTsaStatusShowsIt()
    {
        var replies = Path.Combine(Path.GetTempPath(), "akka-mta-replies-" + Guid.NewGuid().ToString("N") + ".toml");
        await File.WriteAllTextAsync(replies, """
            [[reply]]
            recipient = '^ts04'
            code = 421
            enhanced = '4.7.0'
            text = '[TS04] Messages from 192.0.2.1 temporarily deferred due to user complaints'
            """);
        try
        {
            await using var sink = await SinkProcess.StartAsync(replies);
            using var scenario = new Scenario(sink, queueOptions: "retry_interval = '1h'", shaping: """
                [["default".automation]]
                regex = "\\[TS04\\]"
                action = "Suspend"
                duration = "90m"
                """);
            await using var node = await scenario.StartNodeAsync();

            await EndToEndTests.SendAsync(node, 1, "ts04");

            await Eventually.HoldsAsync(() => node.Http.GetFromJsonAsync<JsonObject>("/api/tsa/v1/status").Result!["effects"]!.AsArray().Count == 1,
                "the Suspend effect", AkkaMta.Deadline);
            await using var cli = ExternalProcess.Start("dotnet", [AkkaMta.Dll, "tsa", "status", "--url", node.HttpUrl.ToString()]);
            Assert.Equal(0, await cli.WaitForExitAsync(AkkaMta.Deadline, "akka-mta tsa status"));
            var table = string.Join('\n', cli.Lines);
            Assert.Contains($"path unspecified->mx_list:{sink.Smtp}@smtp_client", table);
            Assert.Contains("Suspend", table);
            Assert.Contains("automation rule: \\[TS04\\]", table);
            Assert.Contains("1 active effects; 1 automation rules", table);
        }
        finally
        {
            File.Delete(replies);
        }
    }

    [Fact]
    public async Task TsaStatus_AgainstNoNode_ExitsWith1_NamingTheUrl()
    {
        await using var cli = ExternalProcess.Start("dotnet", [AkkaMta.Dll, "tsa", "status", "--url", "http://127.0.0.1:9"]);
        Assert.Equal(1, await cli.WaitForExitAsync(AkkaMta.Deadline, "akka-mta tsa status"));
        Assert.Contains("cannot reach http://127.0.0.1:9", cli.Output);
    }
}
