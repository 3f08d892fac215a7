using Akka.Mta.Shaping.Output;

namespace Akka.Mta.Shaping.Tests;

/// <summary>JSON shaping files: comments and trailing commas allowed, positions kept, same result as TOML.</summary>
public sealed class JsonInputTests
{
    private const string Json = """
        // Site overrides, in JSON
        {
          "default": {
            "connection_limit": 10,
            "max_message_rate": "100/s", /* per path */
          },
          "example.org": {
            "mx_rollup": false,
            "connection_limit": 3,
            "sources": { "ip-1": { "max_deliveries_per_connection": 5, }, },
            "automation": [
              { "regex": "RL0000", "action": {"SetConfig": {"name": "max_connection_rate", "value": "10000/h"}}, "trigger": {"Threshold": "2/hr"}, "duration": "2 hours" },
            ],
          },
          "provider": {
            "acme": { "match": [{"DomainSuffix": ".acme.example"}], "provider_connection_limit": 4 },
          },
        }
        """;

    private const string Toml = """
        ["default"]
        connection_limit = 10
        max_message_rate = "100/s"

        ["example.org"]
        mx_rollup = false
        connection_limit = 3
        sources = { "ip-1" = { max_deliveries_per_connection = 5 } }
        automation = [
          { regex = "RL0000", action = {SetConfig = {name = "max_connection_rate", value = "10000/h"}}, trigger = {Threshold = "2/hr"}, duration = "2 hours" },
        ]

        [provider."acme"]
        match = [{DomainSuffix = ".acme.example"}]
        provider_connection_limit = 4
        """;

    [Fact]
    public async Task Json_WithCommentsAndTrailingCommas_GivesTheSameConfigAsToml()
    {
        var json = await TestShaping.Text(("site.json", Json));
        var toml = await TestShaping.Text(("site.toml", Toml));
        Assert.Empty(json.Errors);
        Assert.Empty(toml.Errors);

        foreach (var (domain, source) in new[] { ("example.org", "ip-1"), ("example.org", "ip-2"), ("x.acme.example", "ip-1"), ("other.example", "ip-1") })
        {
            var fromJson = ExplainWriter.ToJson(json.Resolve(domain, source, null, null), withDefaults: true);
            var fromToml = ExplainWriter.ToJson(toml.Resolve(domain, source, null, null), withDefaults: true);
            Assert.Equal(Strip(fromToml, "site.toml"), Strip(fromJson, "site.json"));
        }
        Assert.Equal(toml.RuleCount, json.RuleCount);
    }

    /// <summary>The explain output without provenance, which differs by file name and line.</summary>
    private static string Strip(string explain, string file)
    {
        var provenance = explain.IndexOf("\"provenance\"", StringComparison.Ordinal);
        return explain[..provenance].Replace(file, "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_Provenance_IsTheLineOfTheKey()
    {
        var model = await TestShaping.Text(("site.json", Json));

        var effective = model.Resolve("example.org", "ip-1", null, null);

        Assert.Equal("site.json:5", effective.Provenance("max_message_rate"));
        Assert.Equal("site.json:9", effective.Provenance("connection_limit"));
        Assert.Equal("site.json:10", effective.Provenance("max_deliveries_per_connection"));
        Assert.Equal("site.json:12", model.ByDomain["example.org"].Automation[0].Origin.ToProvenance());
    }

    [Fact]
    public async Task Json_BadValue_IsReportedAtItsLineAndColumn()
    {
        var model = await TestShaping.Text(("bad.json", "{\n  \"default\": {\n    \"connection_limit\": \"lots\"\n  }\n}"));

        Assert.Equal("bad.json:3:25: default.connection_limit: invalid limit \"lots\": expected an integer, optionally prefixed by local:",
            Assert.Single(model.Errors).ToString());
    }

    [Theory]
    [InlineData("{\"default\": {\"connection_limit\": 1,, }}", "bad.json:1:")]
    [InlineData("{\"default\": {\"connection_limit\": null}}", "bad.json:1:34: null is not allowed here")]
    [InlineData("{\"default\": {}, \"default\": {}}", "bad.json:1:17: duplicate key \"default\" (first defined at 1:2)")]
    [InlineData("[1, 2]", "bad.json:1:1: expected a JSON object at the top level, found an array")]
    [InlineData("", "bad.json:1:1: the file is empty")]
    public async Task Json_SyntaxErrors_AreReportedWithPositions(string text, string expected)
    {
        var model = await TestShaping.Text(("bad.json", text));

        Assert.StartsWith(expected, Assert.Single(model.Errors).ToString());
    }

    [Fact]
    public async Task Json_NonAsciiBeforeAValue_CountsCharactersForTheColumn()
    {
        var model = await TestShaping.Text(("u.json", "{\"é.example\": {\"mx_rollup\": false, \"smtp_port\": 0}}"));

        Assert.StartsWith("u.json:1:49: \"é.example\".smtp_port:", Assert.Single(model.Errors).ToString());
    }
}
