using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Akka.Mta.Testing.Toml;

namespace Akka.Mta.Node.Tests;

/// <summary>
/// <c>akka-mta toml decode</c> run as a real process, as the toml-test runner would: tagged JSON on
/// stdout and exit 0, or the error on stderr and exit 1.
/// </summary>
public sealed class TomlCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("akka-mta-toml-").FullName;

    [Fact]
    public async Task Decode_ValidFile_PrintsTaggedJsonAndExits0()
    {
        var file = Write("shaping.toml", "[\"example.com\"]\nconnection_limit = 10\nrates = [1.5, inf]\nwhen = 1979-05-27\n");

        var (exit, stdout, stderr) = await RunAsync(["toml", "decode", file]);

        Assert.True(exit == 0, $"exit {exit}, stderr: {stderr}");
        Assert.Equal("", stderr);
        using var json = JsonDocument.Parse(stdout);
        var domain = json.RootElement.GetProperty("example.com");
        Assert.Equal("integer", domain.GetProperty("connection_limit").GetProperty("type").GetString());
        Assert.Equal("10", domain.GetProperty("connection_limit").GetProperty("value").GetString());
        Assert.Equal("inf", domain.GetProperty("rates")[1].GetProperty("value").GetString());
        Assert.Equal("date-local", domain.GetProperty("when").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Decode_InvalidFile_PrintsFileLineColumnOnStderrAndExits1()
    {
        var file = Write("shaping.toml", "# rules\nconnection_limit = 10\n  connection_limit = 5\n");

        var (exit, stdout, stderr) = await RunAsync(["toml", "decode", file]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"{file}:3:3: duplicate key \"connection_limit\" (first defined at 2:1)", stderr.TrimEnd());
    }

    [Fact]
    public async Task Decode_WithoutFile_ReadsStandardInput()
    {
        var (exit, stdout, stderr) = await RunAsync(["toml", "decode"], stdin: "a.b = 'x'\n");

        Assert.True(exit == 0, $"exit {exit}, stderr: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("x", json.RootElement.GetProperty("a").GetProperty("b").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Decode_InvalidStandardInput_NamesStdinAndExits1()
    {
        var (exit, _, stderr) = await RunAsync(["toml", "decode"], stdin: "a = \n");

        Assert.Equal(1, exit);
        Assert.Equal("<stdin>:1:5: expected a value, found end of line", stderr.TrimEnd());
    }

    [Fact]
    public async Task Decode_MissingFile_SaysSoAndExits2()
    {
        var missing = Path.Combine(_dir, "missing.toml");

        var (exit, _, stderr) = await RunAsync(["toml", "decode", missing]);

        Assert.Equal(2, exit);
        Assert.StartsWith($"akka-mta toml decode: cannot read {missing}", stderr);
    }

    [SkippableTheory]
    [InlineData("valid/spec-example-1")]
    [InlineData("valid/string/multiline-escaped-crlf")]
    [InlineData("valid/datetime/local-time")]
    [InlineData("valid/array/array-subtables")]
    [InlineData("valid/utf8-bom-01")]
    public async Task Decode_TomlTestValidCase_MatchesItsExpectedJson(string name)
    {
        Skip.If(TomlTestSuite.Directory is null, TomlTestSuite.MissingMessage);
        var (_, toml, json) = TomlTestSuite.ValidCases().Single(c => c.Name == name);

        var (exit, stdout, stderr) = await RunAsync(["toml", "decode", toml]);

        Assert.True(exit == 0, $"exit {exit}, stderr: {stderr}");
        using var expected = JsonDocument.Parse(File.ReadAllBytes(json));
        using var actual = JsonDocument.Parse(stdout);
        Assert.Null(TaggedJsonComparer.Difference(expected.RootElement, actual.RootElement));
    }

    [SkippableTheory]
    [InlineData("invalid/encoding/bad-utf8-in-string")]
    [InlineData("invalid/control/bare-cr")]
    [InlineData("invalid/table/append-with-dotted-keys-01")]
    [InlineData("invalid/inline-table/trailing-comma")]
    [InlineData("invalid/datetime/feb-29")]
    public async Task Decode_TomlTestInvalidCase_Exits1WithAPositionedError(string name)
    {
        Skip.If(TomlTestSuite.Directory is null, TomlTestSuite.MissingMessage);
        var (_, toml) = TomlTestSuite.InvalidCases().Single(c => c.Name == name);

        var (exit, stdout, stderr) = await RunAsync(["toml", "decode", toml]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(toml)}:[0-9]+:[0-9]+: .+", stderr);
    }

    [Fact]
    public async Task Encode_TaggedJson_PrintsTomlThatDecodesBackToIt()
    {
        const string tagged = """
            {"example.com": {"connection_limit": {"type": "integer", "value": "10"},
              "automation": [{"regex": {"type": "string", "value": "4\\.7\\.0"}, "when": {"type": "datetime", "value": "1979-05-27T07:32:00Z"}}]}}
            """;

        var (exit, toml, stderr) = await RunAsync(["toml", "encode"], stdin: tagged);
        var decoded = await RunAsync(["toml", "decode"], stdin: toml);

        Assert.True(exit == 0, $"exit {exit}, stderr: {stderr}");
        Assert.Contains("[\"example.com\"]", toml);
        Assert.Contains("[[\"example.com\".automation]]", toml);
        using var expected = JsonDocument.Parse(tagged);
        using var actual = JsonDocument.Parse(decoded.Stdout);
        Assert.Null(TaggedJsonComparer.Difference(expected.RootElement, actual.RootElement));
    }

    [Fact]
    public async Task Encode_JsonThatIsNotTaggedToml_SaysWhereAndExits1()
    {
        var (exit, _, stderr) = await RunAsync(["toml", "encode"], stdin: """{"a": {"type": "integer", "value": "ten"}}""");

        Assert.Equal(1, exit);
        Assert.StartsWith("<stdin>: tagged JSON at $.a: \"ten\" is not an integer", stderr);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, string? stdin = null) =>
        AkkaMtaProcess.RunAsync(args, stdin: stdin);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
