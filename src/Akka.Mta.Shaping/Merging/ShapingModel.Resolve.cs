using Akka.Mta.Shaping.Model;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Shaping.Resolution;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Merging;

public sealed partial class ShapingModel
{
    /// <summary>
    /// The effective configuration of the path from <paramref name="source"/> to <paramref name="domain"/>
    /// whose MX hosts are <paramref name="mx"/> (its site name is <see cref="MxHostsResult.Site"/>).
    /// </summary>
    public EffectiveConfig Resolve(string domain, string source, MxHostsResult mx) => Resolve(domain, source, mx.Site, mx);

    /// <summary>
    /// The effective configuration in KumoMTA's order: <c>default</c>; each matching provider (then
    /// its implied provider-wide limits); the matching providers' <c>sources</c> tables; the site's
    /// block; the domain's block; the site's and then the domain's table for <paramref name="source"/>.
    /// <paramref name="mx"/> (may be null) serves provider <c>MXSuffix</c>/<c>HostName</c> rules.
    /// </summary>
    public EffectiveConfig Resolve(string domain, string source, string? site, MxHostsResult? mx)
    {
        var name = DomainNames.Normalize(domain);
        var parameters = Default?.Params.Clone() ?? new ParamTable();
        IReadOnlyList<string> providerNames = [];
        if (DomainNames.IsDomainName(name))
        {
            var providers = ProviderIndex.Match(name, mx);
            if (providers.Count > 0)
            {
                var names = new string[providers.Count];
                for (var i = 0; i < providers.Count; i++)
                {
                    parameters.MergeFrom(providers[i].Params);
                    ApplyProviderParams(parameters, providers[i], source);
                    names[i] = providers[i].Name;
                }
                foreach (var provider in providers)
                {
                    if (provider.Sources.TryGetValue(source, out var sourceParams))
                    {
                        parameters.MergeFrom(sourceParams);
                        ApplyProviderParams(parameters, provider, source);
                    }
                }
                providerNames = names;
            }
        }
        var bySite = string.IsNullOrEmpty(site) ? null : BySite.GetValueOrDefault(site);
        var byDomain = ByDomain.GetValueOrDefault(name);
        if (bySite is not null)
        {
            parameters.MergeFrom(bySite.Params);
        }
        if (byDomain is not null)
        {
            parameters.MergeFrom(byDomain.Params);
        }
        if (bySite is not null && bySite.Sources.TryGetValue(source, out var siteSource))
        {
            parameters.MergeFrom(siteSource);
        }
        if (byDomain is not null && byDomain.Sources.TryGetValue(source, out var domainSource))
        {
            parameters.MergeFrom(domainSource);
        }
        return new EffectiveConfig(name, source, string.IsNullOrEmpty(site) ? null : site, providerNames, parameters);
    }

    /// <summary>The providers whose match rules accept <paramref name="domain"/>, in declaration order.</summary>
    public IReadOnlyList<MergedProvider> MatchProviders(string domain, MxHostsResult? mx)
    {
        var name = DomainNames.Normalize(domain);
        return DomainNames.IsDomainName(name) ? ProviderIndex.Match(name, mx) : [];
    }

    /// <summary>
    /// Step P: <c>provider_name</c>; the provider-wide connection limit and message rate as
    /// <c>additional_*</c> entries named <c>shaping-provider-&lt;provider&gt;-&lt;source&gt;-limit|rate</c>, which every
    /// site of the provider shares; and a source's <c>provider_source_selection_rate</c> moved into
    /// <c>additional_source_selection_rates</c>.
    /// </summary>
    private static void ApplyProviderParams(ParamTable target, MergedProvider provider, string source)
    {
        target.Set(EgressPathOptions.ProviderName, new ScalarParam(new TomlString(provider.Name), provider.Name, provider.Origin));
        var prefix = $"shaping-provider-{provider.Name}-{source}-";
        if (provider.ConnectionLimit is { } limit)
        {
            AddMapEntry(target, EgressPathOptions.AdditionalConnectionLimits, prefix + "limit", limit);
        }
        if (provider.MaxMessageRate is { } rate)
        {
            AddMapEntry(target, EgressPathOptions.AdditionalMessageRateThrottles, prefix + "rate", rate);
        }
        if (target.Remove(ShapingFileParser.ProviderSourceSelectionRate, out var selection) && selection is ScalarParam selectionRate)
        {
            AddMapEntry(target, EgressPathOptions.AdditionalSourceSelectionRates, prefix + "selection-rate", selectionRate);
        }
    }

    private static void AddMapEntry(ParamTable target, string option, string key, ScalarParam value)
    {
        var entry = new MapParam([new MapEntry(key, value.Value, value.Typed, value.Origin)], value.Origin);
        target.Set(option, target.TryGetValue(option, out var existing) && existing is MapParam map ? map.MergedWith(entry) : entry);
    }
}
