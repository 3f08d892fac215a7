using Akka.Mta.Shaping.Diagnostics;

namespace Akka.Mta.Shaping.Merging;

/// <summary>
/// What a load reports (KumoMTA's <c>ShapingMergeOptions</c>). The defaults are a node's; <see cref="ForValidation"/>
/// raises the consistency checks to warnings as <c>validate-shaping</c> does.
/// </summary>
public sealed record ShapingLoadOptions
{
    public static readonly ShapingLoadOptions Default = new();

    /// <summary>The levels of the <c>validate</c> verb: every consistency check is a warning.</summary>
    public static readonly ShapingLoadOptions ForValidation = new()
    {
        ProviderOverlap = CheckLevel.Warn,
        DnsFail = CheckLevel.Warn,
        NullMx = CheckLevel.Warn,
        AliasedSite = CheckLevel.Warn,
    };

    /// <summary>A domain block whose domain a provider block also matches.</summary>
    public CheckLevel ProviderOverlap { get; init; } = CheckLevel.Ignore;

    /// <summary>The MX lookup of an <c>mx_rollup</c> block failed (the block is dropped).</summary>
    public CheckLevel DnsFail { get; init; } = CheckLevel.Ignore;

    /// <summary>An <c>mx_rollup</c> block's domain has a null MX (the block is dropped).</summary>
    public CheckLevel NullMx { get; init; } = CheckLevel.Ignore;

    /// <summary>Two or more domain blocks resolve to the same site.</summary>
    public CheckLevel AliasedSite { get; init; } = CheckLevel.Ignore;

    /// <summary>A local file cannot be read (it counts as empty).</summary>
    public CheckLevel LocalLoad { get; init; } = CheckLevel.Error;

    public ShapingParseOptions Parse { get; init; } = ShapingParseOptions.Default;
}
