using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Merging;

/// <summary>
/// The merge of every file's blocks for one key: <c>default</c>, a domain (<c>mx_rollup=false</c>)
/// or a site (the MX site of <c>mx_rollup=true</c> domain blocks). Later files win key by key, the
/// <c>additional_*</c> maps merge, automation lists concatenate, and <c>replace_base</c> starts over.
/// </summary>
public sealed class MergedBlock
{
    private readonly OrderedDictionary<string, ParamTable> _sources = new(StringComparer.Ordinal);
    private readonly List<AutomationRule> _automation = [];
    private readonly List<string> _domains = [];

    internal MergedBlock(string key) => Key = key;

    /// <summary>The domain, <c>default</c>, or the site name.</summary>
    public string Key { get; }

    public ParamTable Params { get; private set; } = new();

    /// <summary>Per egress source options, merged per source.</summary>
    public IReadOnlyDictionary<string, ParamTable> Sources => _sources;

    public IReadOnlyList<AutomationRule> Automation => _automation;

    /// <summary>The domains whose blocks were merged here (more than one only for an aliased site).</summary>
    public IReadOnlyList<string> Domains => _domains;

    /// <summary>Where the first block merged here starts (after a <c>replace_base</c>, that block).</summary>
    public TomlPosition Origin { get; private set; }

    internal void MergeFrom(DomainBlock block)
    {
        if (!_domains.Contains(block.Domain))
        {
            _domains.Add(block.Domain);
        }
        if (block.ReplaceBase || !Origin.IsKnown)
        {
            Origin = block.Origin;
        }
        if (block.ReplaceBase)
        {
            Params = block.Params.Clone();
            _sources.Clear();
            _automation.Clear();
        }
        else
        {
            Params.MergeFrom(block.Params);
        }
        MergeSources(_sources, block.Sources);
        _automation.AddRange(block.Automation);
    }

    internal static void MergeSources(OrderedDictionary<string, ParamTable> target, IEnumerable<SourceParams> sources)
    {
        foreach (var source in sources)
        {
            if (target.TryGetValue(source.Source, out var existing))
            {
                existing.MergeFrom(source.Params);
            }
            else
            {
                target[source.Source] = source.Params.Clone();
            }
        }
    }
}
