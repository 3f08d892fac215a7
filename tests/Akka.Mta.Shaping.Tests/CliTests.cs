using System.CommandLine;
using System.Text.Json;
using Akka.Mta.Node.Commands;

namespace Akka.Mta.Shaping.Tests;

/// <summary><c>akka-mta shaping validate|explain|match</c>, run through the executable's command tree.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("akka-mta-shaping-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { ShapingCommand.Create() };
        var exit = await root.Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error })
            .WaitAsync(TimeSpan.FromSeconds(60));
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static readonly string Default = TestShaping.AnchorPath(TestShaping.DefaultFile);
    private static readonly string Community = TestShaping.AnchorPath(TestShaping.CommunityFile);

    [Fact]
    public async Task Validate_AnchorFiles_ExitsZero_WithTheCounts()
    {
        var (exit, output, error) = await Run("shaping", "validate", "--no-dns", Default, Community);

        Assert.Equal(0, exit);
        Assert.Contains($"{Default}: 8 blocks, 8 providers, 4 rules", output);
        Assert.Contains($"{Community}: 1 block, 12 providers, 47 rules", output);
        Assert.EndsWith("OK\n", output);
        Assert.StartsWith("warning: --no-dns:", error);
        Assert.Contains($"{Default}:156:1: warning: \"comcast.net\": mx_rollup block skipped", error);
    }

    [Fact]
    public async Task Validate_BadFile_ExitsOne_ListingEveryError()
    {
        var bad = Write("bad.toml", "[\"default\"]\nconection_limit = 1\nidle_timeout = \"soon\"\n");
        var json = Write("bad.json", "{ \"default\": { \"smtp_port\": 0 } }");

        var (exit, output, _) = await Run("shaping", "validate", "--no-dns", bad, json);

        Assert.Equal(1, exit);
        Assert.Equal(
        [
            $"{bad}:2:1: default.conection_limit: unknown egress path option \"conection_limit\" (did you mean \"connection_limit\"?)",
            $"{bad}:3:16: default.idle_timeout: invalid duration \"soon\": expected a number at position 1",
            $"{json}:1:29: default.smtp_port: 0 is out of range: expected an integer from 1 to 65535",
            "3 error(s)",
        ], output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsOne()
    {
        var missing = Path.Combine(_directory, "nope.toml");

        var (exit, output, _) = await Run("shaping", "validate", "--no-dns", missing);

        Assert.Equal(1, exit);
        Assert.StartsWith($"{missing}: cannot read the file:", output);
    }

    [Fact]
    public async Task Validate_BadDnsServer_ExitsTwo()
    {
        var (exit, _, error) = await Run("shaping", "validate", "--dns-server", "not-an-address", Default);

        Assert.Equal(2, exit);
        Assert.Contains("--dns-server: \"not-an-address\" is not IP or IP:PORT", error);
    }

    [Fact]
    public async Task Explain_Json_HasTheSpecifiedShape_ValuesAsWritten()
    {
        var (exit, output, _) = await Run("shaping", "explain", "--no-dns", "--domain", "gmail.com", "--source", "ip-1",
            "--mx", "gmail-smtp-in.l.google.com,alt1.gmail-smtp-in.l.google.com", "--mx", "alt2.gmail-smtp-in.l.google.com", Default, Community);

        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["domain", "source", "site", "providers", "config", "provenance"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("gmail.com", json.GetProperty("domain").GetString());
        Assert.Equal("(alt1|alt2)?.gmail-smtp-in.l.google.com", json.GetProperty("site").GetString());
        Assert.Equal(["google"], json.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        var config = json.GetProperty("config");
        Assert.Equal(JsonValueKind.Number, config.GetProperty("connection_limit").ValueKind);
        Assert.Equal("Required", config.GetProperty("enable_tls").GetString());
        Assert.Equal("3 days", config.GetProperty("remember_broken_tls").GetString());
        Assert.Equal(5, config.GetProperty("additional_connection_limits").GetProperty("shaping-provider-google-ip-1-limit").GetInt32());
        Assert.False(config.TryGetProperty("smtp_port", out _));
        var provenance = json.GetProperty("provenance");
        Assert.Equal($"{Default}:99", provenance.GetProperty("enable_tls").GetString());
        Assert.Equal(config.EnumerateObject().Select(p => p.Name), provenance.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Explain_WithDefaults_AddsEveryDefaultedOption_MarkedDefault()
    {
        var (exit, output, _) = await Run("shaping", "explain", "--no-dns", "--domain", "example.org", "--source", "s", "--with-defaults", Default);

        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(25, json.GetProperty("config").GetProperty("smtp_port").GetInt32());
        Assert.Equal("default", json.GetProperty("provenance").GetProperty("smtp_port").GetString());
        Assert.Equal(10, json.GetProperty("config").GetProperty("connection_limit").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("site").ValueKind);
    }

    [Fact]
    public async Task Explain_Toml_CommentsEachOptionWithItsOrigin()
    {
        var (exit, output, _) = await Run("shaping", "explain", "--no-dns", "--domain", "comcast.net", "--source", "s",
            "--mx", "mx1a1.comcast.net,mx2c1.comcast.net", "--format", "toml", Default);

        Assert.Equal(0, exit);
        Assert.Contains("# site = \"(mx1a1|mx2c1).comcast.net\"\n", output);
        Assert.Contains($"connection_limit = 25 # {Default}:157\n", output);
        Assert.Contains($"idle_timeout = \"30s\" # {Default}:160\n", output);
        var reparsed = Toml.TomlParser.Parse(output, "explain.toml").Root;
        Assert.Equal(25, ((Toml.TomlInteger)reparsed["connection_limit"]).Value);
    }

    [Fact]
    public async Task Explain_NoDnsWithoutMx_WarnsThatTheSiteIsUnknown()
    {
        var (exit, output, error) = await Run("shaping", "explain", "--no-dns", "--domain", "gmail.com", "--source", "s", Default);

        Assert.Equal(0, exit);
        Assert.Contains("warning: no MX hosts for gmail.com (DNS lookups are turned off (--no-dns))", error);
        Assert.Empty(JsonDocument.Parse(output).RootElement.GetProperty("providers").EnumerateArray());
    }

    [Fact]
    public async Task Explain_FilesWithErrors_ExitOne_OnStderr()
    {
        var bad = Write("bad.toml", "[\"default\"]\nconnection_limit = \"x\"\n");

        var (exit, output, error) = await Run("shaping", "explain", "--no-dns", "--domain", "a.example", "--source", "s", bad);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains($"{bad}:2:20: default.connection_limit: invalid limit \"x\"", error);
    }

    [Fact]
    public async Task Explain_RequiresDomainAndSource()
    {
        var (exit, _, error) = await Run("shaping", "explain", "--no-dns", Default);

        Assert.NotEqual(0, exit);
        Assert.Contains("--domain", error);
    }

    [Fact]
    public async Task Match_PrintsTheMatchingRules_AsJson()
    {
        var (exit, output, _) = await Run("shaping", "match", "--no-dns", "--domain", "yahoo.com", "--source", "ip-1",
            "--mx", "mta5.am0.yahoodns.net,mta6.am0.yahoodns.net,mta7.am0.yahoodns.net",
            "--response", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to user complaints", Default, Community);

        Assert.Equal(0, exit);
        var rules = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal([(Default, 72), (Default, 118), (Community, 67)], rules.Select(r => (r.GetProperty("file").GetString(), r.GetProperty("line").GetInt32())));
        var first = rules[0];
        Assert.Equal(JsonValueKind.Array, first.GetProperty("regex").ValueKind);
        Assert.Equal("max_message_rate", first.GetProperty("actions")[0].GetProperty("SetConfig").GetProperty("name").GetString());
        Assert.Equal(1, first.GetProperty("actions")[1].GetProperty("SetConfig").GetProperty("value").GetInt32());
        Assert.Equal("Immediate", first.GetProperty("trigger").GetString());
        Assert.Equal("90m", first.GetProperty("duration").GetString());
        Assert.Equal("\\[TS?S04\\]", rules[1].GetProperty("regex").GetString());
        Assert.Equal("2/hr", rules[2].GetProperty("trigger").GetProperty("Threshold").GetString());
    }

    [Fact]
    public async Task Match_NothingMatches_PrintsAnEmptyList()
    {
        var (exit, output, _) = await Run("shaping", "match", "--no-dns", "--domain", "example.org", "--source", "s", "--response", "250 2.0.0 OK", Default);

        Assert.Equal(0, exit);
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetArrayLength());
    }
}
