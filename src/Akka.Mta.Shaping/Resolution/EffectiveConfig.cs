using Akka.Mta.Shaping.Model;
using Akka.Mta.Shaping.Options;

namespace Akka.Mta.Shaping.Resolution;

/// <summary>
/// The configuration of one egress path for a destination: the options the shaping files set (as
/// written, each with the file:line that last set it), the providers that matched, and the checked
/// <see cref="EgressPathConfig"/> the MTA uses (defaults filled in).
/// </summary>
public sealed class EffectiveConfig
{
    private readonly ParamTable _params;

    internal EffectiveConfig(string domain, string source, string? site, IReadOnlyList<string> providers, ParamTable parameters)
    {
        Domain = domain;
        Source = source;
        Site = site;
        Providers = providers;
        _params = parameters;
        Config = EgressPathConfig.FromParams(parameters);
    }

    public string Domain { get; }

    public string Source { get; }

    /// <summary>The site name used for <c>mx_rollup</c> blocks; null or empty when unknown or a null MX.</summary>
    public string? Site { get; }

    /// <summary>The matching providers in the order they applied.</summary>
    public IReadOnlyList<string> Providers { get; }

    /// <summary>The checked configuration with defaults for every option not set.</summary>
    public EgressPathConfig Config { get; }

    /// <summary>The options the files set, in the order they were first set.</summary>
    public IEnumerable<KeyValuePair<string, ParamValue>> Options => _params;

    public int OptionCount => _params.Count;

    public bool TryGetOption(string name, out ParamValue value) => _params.TryGetValue(name, out value!);

    /// <summary><c>file:line</c> that last set <paramref name="option"/>, or <c>default</c>.</summary>
    public string Provenance(string option) =>
        _params.TryGetValue(option, out var value) ? value.Origin.ToProvenance() : "default";

    /// <summary>This configuration with <paramref name="overrides"/> layered on top (as TSA overrides are).</summary>
    public EffectiveConfig With(ParamTable overrides)
    {
        var merged = _params.Clone();
        merged.MergeFrom(overrides);
        return new EffectiveConfig(Domain, Source, Site, Providers, merged);
    }
}
