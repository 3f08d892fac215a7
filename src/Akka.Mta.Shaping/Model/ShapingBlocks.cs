using Akka.Mta.Shaping.Automation;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Model;

/// <summary>Per-source overrides of a block: <c>["example.com".sources."ip-1"]</c>.</summary>
public sealed record SourceParams(string Source, ParamTable Params, TomlPosition Origin);

/// <summary>
/// A domain-keyed block of one file: <c>["default"]</c> or <c>["gmail.com"]</c>, with its
/// <c>mx_rollup</c> (default true: the block applies to the domain's whole MX site) and
/// <c>replace_base</c> flags, options, per-source tables and automation rules.
/// </summary>
public sealed record DomainBlock(
    string Domain,
    TomlPosition Origin,
    bool MxRollup,
    bool ReplaceBase,
    ParamTable Params,
    IReadOnlyList<SourceParams> Sources,
    IReadOnlyList<AutomationRule> Automation)
{
    public const string DefaultKey = "default";

    public bool IsDefault => Domain == DefaultKey;
}

/// <summary>How a provider recognises its domains.</summary>
public enum ProviderMatchKind
{
    /// <summary>Every MX host of the domain ends with the suffix (or matches another MX rule of the provider).</summary>
    MXSuffix,

    /// <summary>The domain itself ends with the suffix; needs no DNS.</summary>
    DomainSuffix,

    /// <summary>An MX host of the domain is exactly this name.</summary>
    HostName,
}

/// <summary>One <c>match</c> rule of a provider.</summary>
public sealed record ProviderMatch(ProviderMatchKind Kind, string Value, TomlPosition Origin)
{
    public bool NeedsMx => Kind != ProviderMatchKind.DomainSuffix;

    public override string ToString() => $"{{{Kind}=\"{Value}\"}}";
}

/// <summary>
/// A <c>[provider."name"]</c> block of one file: its match rules, provider-wide connection limit and
/// message rate (shared by every site of the provider, per egress source), options for each
/// matching path, per-source tables and automation rules.
/// </summary>
public sealed record ProviderBlock(
    string Name,
    TomlPosition Origin,
    IReadOnlyList<ProviderMatch> Match,
    ScalarParam? ProviderConnectionLimit,
    ScalarParam? ProviderMaxMessageRate,
    bool ReplaceBase,
    ParamTable Params,
    IReadOnlyList<SourceParams> Sources,
    IReadOnlyList<AutomationRule> Automation);

/// <summary>One shaping file as read: its blocks in file order.</summary>
public sealed record ShapingFile(string Name, IReadOnlyList<DomainBlock> Domains, IReadOnlyList<ProviderBlock> Providers)
{
    public static ShapingFile Empty(string name) => new(name, [], []);

    /// <summary>Domain-keyed blocks, <c>default</c> included.</summary>
    public int BlockCount => Domains.Count;

    public int ProviderCount => Providers.Count;

    /// <summary>Automation rules in every block of the file.</summary>
    public int RuleCount => Domains.Sum(d => d.Automation.Count) + Providers.Sum(p => p.Automation.Count);
}
