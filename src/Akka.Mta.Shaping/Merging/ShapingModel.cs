using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Shaping.Resolution;

namespace Akka.Mta.Shaping.Merging;

/// <summary>
/// Every loaded shaping file merged: <c>default</c> and the domain blocks by domain, the
/// <c>mx_rollup</c> blocks by site, the providers in declaration order, and every finding of the
/// load. Immutable and safe to share between threads; build one with <see cref="ShapingLoader"/>.
/// </summary>
public sealed partial class ShapingModel
{
    internal ShapingModel(
        IReadOnlyList<ShapingFile> files,
        IReadOnlyDictionary<string, MergedBlock> byDomain,
        IReadOnlyDictionary<string, MergedBlock> bySite,
        IReadOnlyList<MergedProvider> providers,
        IReadOnlyList<ShapingDiagnostic> diagnostics)
    {
        Files = files;
        ByDomain = byDomain;
        BySite = bySite;
        Providers = providers;
        Diagnostics = diagnostics;
        Default = byDomain.GetValueOrDefault(DomainBlock.DefaultKey);
        ProviderIndex = new ProviderIndex(providers);
        Hash = ShapingModelHash.Compute(this);
    }

    /// <summary>The files as read, in load order.</summary>
    public IReadOnlyList<ShapingFile> Files { get; }

    /// <summary><c>default</c> and the <c>mx_rollup=false</c> domain blocks.</summary>
    public IReadOnlyDictionary<string, MergedBlock> ByDomain { get; }

    /// <summary>The <c>mx_rollup=true</c> domain blocks, by the site their domain's MX hosts factor into.</summary>
    public IReadOnlyDictionary<string, MergedBlock> BySite { get; }

    public IReadOnlyList<MergedProvider> Providers { get; }

    public MergedBlock? Default { get; }

    public IReadOnlyList<ShapingDiagnostic> Diagnostics { get; }

    public IEnumerable<ShapingDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<ShapingDiagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>SHA-256 (hex) of the merged content: changes exactly when a reload would change a configuration or a rule.</summary>
    public string Hash { get; }

    /// <summary>Every automation rule of the merged model.</summary>
    public int RuleCount =>
        ByDomain.Values.Sum(b => b.Automation.Count) + BySite.Values.Sum(b => b.Automation.Count) + Providers.Sum(p => p.Automation.Count);

    internal ProviderIndex ProviderIndex { get; }

    /// <summary>
    /// The egress sources the files name, each with where: <c>site:&lt;site&gt;</c> or <c>domain:&lt;domain&gt;</c>
    /// (KumoMTA's <c>get_referenced_sources</c>), so a node can check they exist.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ReferencedSources()
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string prefix, IReadOnlyDictionary<string, MergedBlock> blocks)
        {
            foreach (var (key, block) in blocks)
            {
                foreach (var source in block.Sources.Keys)
                {
                    if (!result.TryGetValue(source, out var list))
                    {
                        result[source] = list = [];
                    }
                    list.Add(prefix + key);
                }
            }
        }
        Add("site:", BySite);
        Add("domain:", ByDomain);
        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);
    }
}
