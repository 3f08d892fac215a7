using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Merging;

/// <summary>
/// The merge of every file's <c>[provider."name"]</c> blocks: match lists and automation concatenate,
/// options merge key by key, the provider-wide limit and rate are replaced when a later file sets
/// them (Akka.Mta merges <c>provider_max_message_rate</c> too, as documented; KumoMTA keeps the first).
/// </summary>
public sealed class MergedProvider
{
    private readonly OrderedDictionary<string, ParamTable> _sources = new(StringComparer.Ordinal);
    private readonly List<AutomationRule> _automation = [];
    private readonly List<ProviderMatch> _match = [];

    internal MergedProvider(string name, int index, TomlPosition origin)
    {
        Name = name;
        Index = index;
        Origin = origin;
    }

    public string Name { get; }

    /// <summary>Declaration order among providers (the order they apply in).</summary>
    public int Index { get; }

    /// <summary>Where the provider was first declared.</summary>
    public TomlPosition Origin { get; private set; }

    public IReadOnlyList<ProviderMatch> Match => _match;

    /// <summary>The connection limit shared by every site of the provider, per egress source.</summary>
    public ScalarParam? ConnectionLimit { get; private set; }

    /// <summary>The message rate shared by every site of the provider, per egress source.</summary>
    public ScalarParam? MaxMessageRate { get; private set; }

    public ParamTable Params { get; private set; } = new();

    public IReadOnlyDictionary<string, ParamTable> Sources => _sources;

    public IReadOnlyList<AutomationRule> Automation => _automation;

    /// <summary>True when some rule of the provider needs the domain's MX hosts.</summary>
    public bool NeedsMx => _match.Exists(m => m.NeedsMx);

    internal void MergeFrom(ProviderBlock block)
    {
        if (block.ReplaceBase)
        {
            Origin = block.Origin;
            ConnectionLimit = block.ProviderConnectionLimit;
            MaxMessageRate = block.ProviderMaxMessageRate;
            Params = block.Params.Clone();
            _sources.Clear();
            _match.Clear();
            _automation.Clear();
        }
        else
        {
            ConnectionLimit = block.ProviderConnectionLimit ?? ConnectionLimit;
            MaxMessageRate = block.ProviderMaxMessageRate ?? MaxMessageRate;
            Params.MergeFrom(block.Params);
        }
        MergedBlock.MergeSources(_sources, block.Sources);
        _match.AddRange(block.Match);
        _automation.AddRange(block.Automation);
    }
}
