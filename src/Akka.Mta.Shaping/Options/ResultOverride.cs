using System.Text.RegularExpressions;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

/// <summary>What a reply matched by a result override counts as.</summary>
public enum OverrideResult
{
    /// <summary>Delivered: the message leaves the queue with a <c>Delivery</c> record.</summary>
    Success,

    /// <summary>A bounce, whatever the reply code said.</summary>
    Permanent,

    /// <summary>Retried later, whatever the reply code said.</summary>
    Transient,
}

/// <summary>
/// One entry of <c>result_overrides</c> (GreenArrow's result overrides): a reply whose single-line
/// text (<c>"452 4.2.2 text"</c>) matches <see cref="Regex"/> counts as <see cref="Result"/>. The
/// first matching entry wins; the log record keeps the reply as received.
/// </summary>
public sealed record ResultOverride(string Pattern, Regex Regex, OverrideResult Result)
{
    public bool Matches(string responseLine)
    {
        try
        {
            return Regex.IsMatch(responseLine);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>A list of <c>{regex="...", result="Success|Permanent|Transient"}</c>; the regexes use the shaping files' (Rust) syntax.</summary>
public sealed class ResultOverrideListOptionType : OptionType
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public static readonly ResultOverrideListOptionType Instance = new();

    public override string Expected => "a list of {regex=\"<regex>\", result=\"Success|Permanent|Transient\"}";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (AsList(node) is not { } array)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        var result = new List<ResultOverride>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var path = KeyPath.Index(keyPath, i);
            if (array[i] is not TomlTable table || table.Count != 2 || !table.TryGetValue("regex", out var regexNode)
                || regexNode is not TomlString pattern || !table.TryGetValue("result", out var resultNode))
            {
                diagnostics.Error(array[i].Position, path, $"expected {{regex=\"<regex>\", result=\"Success|Permanent|Transient\"}}, found {Describe(array[i])}");
                continue;
            }
            var outcome = EnumOptionType<OverrideResult>.Instance.Read(resultNode, KeyPath.Child(path, "result"), diagnostics);
            Regex regex;
            try
            {
                regex = new Regex(RustRegex.ToDotNet(pattern.Value), RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException e)
            {
                diagnostics.Error(pattern.Position, KeyPath.Child(path, "regex"), $"{TomlSyntax.QuoteBasic(pattern.Value)} is not a valid regex: {e.Message}");
                continue;
            }
            if (outcome is OverrideResult kind)
            {
                result.Add(new ResultOverride(pattern.Value, regex, kind));
            }
        }
        return result.Count == array.Count ? result : null;
    }

    public override TomlNode Write(object value)
    {
        var array = new TomlArray();
        foreach (var entry in (IEnumerable<ResultOverride>)value)
        {
            array.Add(new TomlTable(TomlTableKind.Inline) { { "regex", entry.Pattern }, { "result", entry.Result.ToString() } });
        }
        return array;
    }
}
