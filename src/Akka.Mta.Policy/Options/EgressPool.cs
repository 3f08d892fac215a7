using System.Text.Json.Nodes;

namespace Akka.Mta.Policy.Options;

/// <summary>
/// An egress pool as <c>get_egress_pool(name)</c> returns it (spec 1.9): the sources a queue
/// may use, chosen by weighted round robin; weight 0 means never.
/// </summary>
public sealed record EgressPool(string Name, IReadOnlyList<EgressPoolEntry> Entries)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(60);

    public TimeSpan Ttl { get; init; } = DefaultTtl;

    public static EgressPool Parse(JsonObject options, string requestedName)
    {
        var r = new OptionReader(options, string.Empty);
        var name = r.String("name") ?? requestedName;
        if (name != requestedName)
        {
            r.Problems.Add($"name: \"{name}\" returned for pool \"{requestedName}\"");
        }
        var entries = new List<EgressPoolEntry>();
        switch (r.Raw("entries"))
        {
            case null:
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is not JsonObject item)
                    {
                        r.Problems.Add($"entries[{i + 1}]: expected a table {{name=..., weight=...}}, got {OptionReader.Describe(list[i])}");
                        continue;
                    }
                    var er = new OptionReader(item, $"entries[{i + 1}].");
                    var source = er.String("name", required: true);
                    var weight = er.Integer("weight", 0, uint.MaxValue) ?? 1;
                    er.RejectUnknownKeys();
                    r.Problems.AddRange(er.Problems);
                    if (source is not null)
                    {
                        entries.Add(new EgressPoolEntry(source, (uint)weight));
                    }
                }
                break;
            case JsonObject { Count: 0 }:
                break;
            case var other:
                r.Problems.Add($"entries: expected a list of {{name=..., weight=...}}, got {OptionReader.Describe(other)}");
                break;
        }
        var ttl = r.Duration("ttl") ?? DefaultTtl;
        r.RejectUnknownKeys();
        return r.Problems.Count == 0 ? new EgressPool(name, entries) { Ttl = ttl } : throw new OptionsException(r.Problems);
    }
}

/// <summary>One source of a pool and its weight.</summary>
public sealed record EgressPoolEntry(string Name, uint Weight = 1);
