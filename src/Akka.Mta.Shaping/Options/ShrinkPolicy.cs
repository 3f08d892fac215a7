using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

/// <summary>One step of a queue's <c>shrink_policy</c>: after <see cref="Interval"/> idle, apply <see cref="Policy"/>.</summary>
public sealed record ShrinkPolicyStep(TimeSpan Interval, MemoryReductionPolicy Policy);

/// <summary>A list of <c>{interval=&lt;duration&gt;, policy=&lt;MemoryReductionPolicy&gt;}</c>.</summary>
public sealed class ShrinkPolicyOptionType : OptionType
{
    public static readonly ShrinkPolicyOptionType Instance = new();

    public override string Expected => "a list of {interval=\"<duration>\", policy=\"ShrinkDataAndMeta|ShrinkData|NoShrink\"}";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (AsList(node) is not { } array)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        var result = new List<ShrinkPolicyStep>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var path = KeyPath.Index(keyPath, i);
            if (array[i] is not TomlTable table || !table.ContainsKey("interval") || !table.ContainsKey("policy")
                || table.Count != 2)
            {
                diagnostics.Error(array[i].Position, path, $"expected {{interval=\"<duration>\", policy=\"...\"}}, found {Describe(array[i])}");
                continue;
            }
            var interval = DurationOptionType.Instance.Read(table["interval"], KeyPath.Child(path, "interval"), diagnostics);
            var policy = EnumOptionType<MemoryReductionPolicy>.Instance.Read(table["policy"], KeyPath.Child(path, "policy"), diagnostics);
            if (interval is TimeSpan span && policy is MemoryReductionPolicy p)
            {
                result.Add(new ShrinkPolicyStep(span, p));
            }
        }
        return result.Count == array.Count ? result : null;
    }

    public override TomlNode Write(object value)
    {
        var array = new TomlArray();
        foreach (var step in (IEnumerable<ShrinkPolicyStep>)value)
        {
            array.Add(new TomlTable(TomlTableKind.Inline)
            {
                { "interval", DurationOptionType.Instance.Write(step.Interval) },
                { "policy", step.Policy.ToString() },
            });
        }
        return array;
    }
}
