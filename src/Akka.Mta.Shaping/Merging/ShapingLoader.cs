using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Shaping.Input;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Shaping.Resolution;

namespace Akka.Mta.Shaping.Merging;

/// <summary>
/// Loads shaping files into a <see cref="ShapingModel"/>: read and check each file, look up the MX
/// hosts of every <c>mx_rollup</c> domain block (concurrently), then merge in file order. Every
/// problem of the load is collected in <see cref="ShapingModel.Diagnostics"/>; a model with errors
/// must not be used for delivery.
/// </summary>
public static class ShapingLoader
{
    /// <summary>Reads and loads local files (TOML or JSON) in the order given.</summary>
    public static async Task<ShapingModel> LoadFilesAsync(IReadOnlyList<string> paths, IMxHostsSource mx, ShapingLoadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= ShapingLoadOptions.Default;
        var diagnostics = new DiagnosticBag();
        var files = new List<ShapingFile>(paths.Count);
        foreach (var path in paths)
        {
            files.Add(ShapingFileReader.ReadFile(path, diagnostics, options.LocalLoad) is { } input
                ? ShapingFileReader.Parse(input, options.Parse, diagnostics)
                : ShapingFile.Empty(path));
        }
        return await MergeAsync(files, mx, options, diagnostics, cancellationToken);
    }

    /// <summary>Loads sources already in memory (files read by the caller, documents fetched over HTTP).</summary>
    public static async Task<ShapingModel> LoadAsync(IReadOnlyList<ShapingInput> inputs, IMxHostsSource mx, ShapingLoadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= ShapingLoadOptions.Default;
        var diagnostics = new DiagnosticBag();
        var files = inputs.Select(input => ShapingFileReader.Parse(input, options.Parse, diagnostics)).ToList();
        return await MergeAsync(files, mx, options, diagnostics, cancellationToken);
    }

    /// <summary>The domains of every <c>mx_rollup=true</c> block, whose MX hosts the merge needs.</summary>
    public static IReadOnlyList<string> RollupDomains(IEnumerable<ShapingFile> files) =>
        files.SelectMany(f => f.Domains).Where(d => d.MxRollup && !d.IsDefault).Select(d => d.Domain).Distinct(StringComparer.Ordinal).ToList();

    private static async Task<ShapingModel> MergeAsync(IReadOnlyList<ShapingFile> files, IMxHostsSource mx, ShapingLoadOptions options,
        DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var domains = RollupDomains(files);
        var lookups = domains.Select(d => mx.GetMxHostsAsync(d, cancellationToken).AsTask()).ToList();
        var results = await Task.WhenAll(lookups);
        var answers = new Dictionary<string, MxHostsResult>(StringComparer.Ordinal);
        for (var i = 0; i < domains.Count; i++)
        {
            answers[domains[i]] = results[i];
        }
        return Merge(files, answers, options, diagnostics);
    }

    /// <summary>
    /// Merges files already read, given the MX answers of their <c>mx_rollup</c> domains (pure: no I/O).
    /// <paramref name="diagnostics"/> holds what reading the files found, and receives the merge's findings.
    /// </summary>
    public static ShapingModel Merge(IReadOnlyList<ShapingFile> files, IReadOnlyDictionary<string, MxHostsResult> rollupMx,
        ShapingLoadOptions options, DiagnosticBag diagnostics)
    {
        var byDomain = new OrderedDictionary<string, MergedBlock>(StringComparer.Ordinal);
        var bySite = new OrderedDictionary<string, MergedBlock>(StringComparer.Ordinal);
        var providers = new OrderedDictionary<string, MergedProvider>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var block in file.Domains)
            {
                if (block.IsDefault || !block.MxRollup)
                {
                    Target(byDomain, block.Domain).MergeFrom(block);
                    continue;
                }
                if (SiteOf(block, rollupMx, options, diagnostics) is { } site)
                {
                    Target(bySite, site).MergeFrom(block);
                }
            }
            foreach (var block in file.Providers)
            {
                if (!providers.TryGetValue(block.Name, out var provider))
                {
                    providers[block.Name] = provider = new MergedProvider(block.Name, providers.Count, block.Origin);
                }
                provider.MergeFrom(block);
            }
        }
        var providerList = providers.Values.ToList();
        CheckAliases(bySite, options, diagnostics);
        CheckProviderOverlap(providerList, files, rollupMx, options, diagnostics);
        WarnInertProviders(providerList, diagnostics);
        return new ShapingModel(files, byDomain, bySite, providerList, diagnostics.All);
    }

    private static MergedBlock Target(OrderedDictionary<string, MergedBlock> map, string key)
    {
        if (!map.TryGetValue(key, out var block))
        {
            map[key] = block = new MergedBlock(key);
        }
        return block;
    }

    private static string? SiteOf(DomainBlock block, IReadOnlyDictionary<string, MxHostsResult> rollupMx, ShapingLoadOptions options, DiagnosticBag diagnostics)
    {
        var path = KeyPath.Child("", block.Domain);
        var mx = rollupMx.GetValueOrDefault(block.Domain) ?? MxHostsResult.NotLookedUp("its MX hosts were not looked up");
        switch (mx.Status)
        {
            case MxHostsStatus.Hosts when mx.Site.Length > 0:
                return mx.Site;
            case MxHostsStatus.Hosts:
            case MxHostsStatus.NullMx:
                diagnostics.Report(options.NullMx, block.Origin, path,
                    $"{block.Domain} has a null MX and cannot be used with mx_rollup=true; the block is ignored (set mx_rollup = false)");
                return null;
            case MxHostsStatus.Failed:
                diagnostics.Report(options.DnsFail, block.Origin, path,
                    $"cannot resolve the MX of {block.Domain}: {mx.Detail}; the block is ignored");
                return null;
            default:
                diagnostics.Warning(block.Origin, path,
                    $"mx_rollup block skipped: {mx.Detail ?? "its MX hosts were not looked up"}; its site is unknown, so its options and rules apply to no domain");
                return null;
        }
    }

    private static void CheckAliases(OrderedDictionary<string, MergedBlock> bySite, ShapingLoadOptions options, DiagnosticBag diagnostics)
    {
        if (options.AliasedSite == CheckLevel.Ignore)
        {
            return;
        }
        foreach (var (site, block) in bySite)
        {
            if (block.Domains.Count > 1)
            {
                diagnostics.Report(options.AliasedSite, block.Origin, KeyPath.Child("", block.Domains[^1]),
                    $"multiple domain blocks resolve to the same site {site}: {string.Join(", ", block.Domains)}");
            }
        }
    }

    private static void CheckProviderOverlap(IReadOnlyList<MergedProvider> providers, IReadOnlyList<ShapingFile> files,
        IReadOnlyDictionary<string, MxHostsResult> rollupMx, ShapingLoadOptions options, DiagnosticBag diagnostics)
    {
        if (options.ProviderOverlap == CheckLevel.Ignore)
        {
            return;
        }
        var index = new ProviderIndex(providers);
        foreach (var (domain, mx) in rollupMx)
        {
            var matching = index.Match(DomainNames.Normalize(domain), mx);
            if (matching.Count > 0)
            {
                var origin = files.SelectMany(f => f.Domains).First(d => d.Domain == domain).Origin;
                diagnostics.Report(options.ProviderOverlap, origin, KeyPath.Child("", domain),
                    $"domain {domain} is also matched by provider(s): {string.Join(", ", matching.Select(p => p.Name))}");
            }
        }
    }

    /// <summary>A provider with no match rule never applies: its options and rules are inert, as in KumoMTA.</summary>
    private static void WarnInertProviders(IReadOnlyList<MergedProvider> providers, DiagnosticBag diagnostics)
    {
        foreach (var provider in providers.Where(p => p.Match.Count == 0))
        {
            diagnostics.Warning(provider.Origin, KeyPath.Child(KeyPath.Child("", "provider"), provider.Name),
                $"provider \"{provider.Name}\" has no match rules in any file, so it never applies (its {provider.Automation.Count} automation rule(s) never fire)");
        }
    }
}
