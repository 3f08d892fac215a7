using Akka.Mta.Core.Logging;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Input;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Tsa.Tests;

/// <summary>Rule files, log records and fixed times for the reducer tests (no wall clock anywhere).</summary>
internal static class TsaTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public const string YahooPath = "ip-1->(mta5|mta6|mta7).am0.yahoodns.net@smtp_client";
    public const string ComcastPath = "ip-1->(mx1a1|mx2c1).comcast.net@smtp_client";
    public const string GmailPath = "ip-1->(alt1|alt2|alt3|alt4)?.gmail-smtp-in.l.google.com@smtp_client";
    public const string ExamplePath = "ip-1->mx.example.com@smtp_client";

    /// <summary>MX hosts of the domains with <c>mx_rollup</c> blocks in the anchor files (no DNS in tests).</summary>
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RollupMx = new Dictionary<string, IReadOnlyList<string>>
    {
        ["comcast.net"] = ["mx1a1.comcast.net", "mx2c1.comcast.net"],
        ["mail.com"] = ["mx00.mail.com", "mx01.mail.com"],
        ["smtp.mailgun.com"] = ["smtp.mailgun.com"],
        ["yahoo.co.jp"] = ["mx1.mail.yahoo.co.jp", "mx2.mail.yahoo.co.jp"],
        ["example.com"] = ["mx.example.com"],
        ["example.net"] = ["mx.example.com"],
    };

    public static string AnchorPath(string name) => Path.Combine(AppContext.BaseDirectory, "Anchors", "kumomta", name);

    public static TsaRuleSet Rules(params string[] tomlFiles) =>
        new(Load(tomlFiles.Select((text, i) => ShapingInput.FromText($"rules{i}.toml", text)).ToList()));

    public static TsaRuleSet DefaultAndCommunity(params string[] more) =>
        new(Load([
            ShapingInput.FromText("policy-extras-shaping.toml", File.ReadAllText(AnchorPath("policy-extras-shaping.toml"))),
            ShapingInput.FromText("community-shaping.toml", File.ReadAllText(AnchorPath("community-shaping.toml"))),
            .. more.Select((text, i) => ShapingInput.FromText($"extra{i}.toml", text)),
        ]));

    public static ShapingModel Load(IReadOnlyList<ShapingInput> inputs)
    {
        var model = ShapingLoader.LoadAsync(inputs, new StaticMxHostsSource(RollupMx, NoDnsMxHostsSource.Instance)).GetAwaiter().GetResult();
        Assert.False(model.HasErrors, string.Join("\n", model.Errors));
        return model;
    }

    /// <summary>A delivery record: <paramref name="response"/> is the reply as a log shows it (<c>"421 4.7.0 text"</c>).</summary>
    public static LogRecord Record(
        DateTimeOffset time,
        string response,
        string recipient = "user@example.com",
        string path = ExamplePath,
        string queue = "example.com",
        LogRecordType type = LogRecordType.TransientFailure,
        string? source = "ip-1") => new()
    {
        Type = type,
        Id = "0123456789abcdef0123456789abcdef",
        Sender = "sender@example.org",
        Recipient = recipient,
        Queue = queue,
        Site = path,
        Response = LogResponse.From(ResponseLine.Parse(response)),
        EventTime = time,
        CreatedTime = time.AddMinutes(-1),
        EgressSource = source,
    };

    /// <summary>Runs records in order, each at its own time, and collects what fired.</summary>
    public static (TsaState State, List<TsaEffect> Fired) Run(TsaState state, IEnumerable<LogRecord> records)
    {
        var fired = new List<TsaEffect>();
        foreach (var record in records)
        {
            var (next, effects) = state.Apply(record, record.EventTime);
            state = next;
            fired.AddRange(effects);
        }
        return (state, fired);
    }
}
