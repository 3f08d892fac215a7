using System.Text.RegularExpressions;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Toml;

namespace Akka.Mta.Smtp.Sink;

/// <summary>When a reply rule answers: at RCPT (per recipient) or at the end of DATA (per message).</summary>
public enum ReplyStage
{
    Rcpt,
    Data,
}

/// <summary>One <c>[[reply]]</c> table: recipients matching <see cref="Recipient"/> get <see cref="Reply"/> at <see cref="At"/>.</summary>
public sealed record ReplyRule(Regex Recipient, ReplyStage At, SmtpResponse Reply);

/// <summary>
/// The sink's reply file, first match wins:
/// <code>
/// [[reply]]
/// recipient = '@yahoo\.example$'   # regex on the whole address
/// at = "RCPT"                       # or "DATA"; RCPT when left out
/// code = 421
/// enhanced = "4.7.0"                # optional
/// text = "[TS04] Messages from 192.0.2.1 temporarily deferred"
/// </code>
/// Unknown keys, missing or mistyped values and bad regexes are errors naming file:line:column.
/// </summary>
public sealed class ReplyRules(IReadOnlyList<ReplyRule> rules)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public static ReplyRules None { get; } = new([]);

    public IReadOnlyList<ReplyRule> Rules { get; } = rules;

    /// <summary>The first rule for <paramref name="stage"/> whose regex matches <paramref name="address"/>.</summary>
    public SmtpResponse? Match(string address, ReplyStage stage)
    {
        foreach (var rule in Rules)
        {
            if (rule.At == stage && rule.Recipient.IsMatch(address))
            {
                return rule.Reply;
            }
        }
        return null;
    }

    public static ReplyRules FromFile(string path) => FromToml(File.ReadAllText(path), path);

    /// <exception cref="TomlException">bad TOML or a bad rule, with its position</exception>
    public static ReplyRules FromToml(string text, string? fileName = null)
    {
        var root = TomlParser.Parse(text, fileName).Root;
        var rules = new List<ReplyRule>();
        foreach (var entry in root)
        {
            if (entry.Key != "reply")
            {
                throw new TomlException($"unknown key \"{entry.Key}\": the reply file has only [[reply]] tables", entry.KeyPosition);
            }
            if (entry.Value is not TomlArray { } array)
            {
                throw new TomlException("\"reply\" must be an array of tables ([[reply]])", entry.KeyPosition);
            }
            foreach (var item in array)
            {
                if (item is not TomlTable table)
                {
                    throw new TomlException("each reply must be a table", item.Position);
                }
                rules.Add(ReadRule(table));
            }
        }
        return new ReplyRules(rules);
    }

    private static ReplyRule ReadRule(TomlTable table)
    {
        foreach (var entry in table)
        {
            if (entry.Key is not ("recipient" or "at" or "code" or "enhanced" or "text"))
            {
                throw new TomlException($"unknown key \"{entry.Key}\" in [[reply]] (expected recipient, at, code, enhanced, text)", entry.KeyPosition);
            }
        }
        var pattern = Required<TomlString>(table, "recipient", "a string (a regex on the recipient address)");
        Regex regex;
        try
        {
            regex = new Regex(pattern.Value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new TomlException($"recipient is not a valid regex: {ex.Message}", pattern.Position);
        }
        var at = ReplyStage.Rcpt;
        if (table.TryGetValue("at", out var atNode))
        {
            at = atNode is TomlString { Value: var s } && s.Equals("RCPT", StringComparison.OrdinalIgnoreCase) ? ReplyStage.Rcpt
                : atNode is TomlString { Value: var d } && d.Equals("DATA", StringComparison.OrdinalIgnoreCase) ? ReplyStage.Data
                : throw new TomlException("at must be \"RCPT\" or \"DATA\"", atNode.Position);
        }
        var code = Required<TomlInteger>(table, "code", "an integer SMTP reply code");
        if (code.Value is < 200 or > 599)
        {
            throw new TomlException($"code {code.Value} is not an SMTP reply code (200-599)", code.Position);
        }
        EnhancedStatusCode? enhanced = null;
        if (table.TryGetValue("enhanced", out var enhancedNode))
        {
            enhanced = enhancedNode is TomlString { Value: var e } && EnhancedStatusCode.TryParse(e, out var parsed)
                ? parsed
                : throw new TomlException("enhanced must be a string like \"4.7.0\"", enhancedNode.Position);
        }
        var text = "reply from the sink's reply file";
        if (table.TryGetValue("text", out var textNode))
        {
            text = textNode is TomlString { Value: var t } && !t.Contains('\r') ? t : throw new TomlException("text must be a string", textNode.Position);
        }
        return new ReplyRule(regex, at, new SmtpResponse((int)code.Value, enhanced, text));
    }

    private static T Required<T>(TomlTable table, string key, string what)
        where T : TomlNode
    {
        if (!table.TryGetValue(key, out var node))
        {
            throw new TomlException($"[[reply]] needs \"{key}\" ({what})", table.Position);
        }
        return node as T ?? throw new TomlException($"{key} must be {what}, not {node.KindName}", node.Position);
    }
}
