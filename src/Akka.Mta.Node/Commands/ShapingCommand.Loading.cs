using Akka.Mta.Delivery.Routing;
using System.CommandLine;
using Akka.Mta.Dns;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Node.Commands;

public static partial class ShapingCommand
{
    private const string NoDnsReason = "DNS lookups are turned off (--no-dns)";

    /// <summary>
    /// Loads the files, MX hosts from DNS (or nowhere with --no-dns), with <paramref name="fixedMx"/>
    /// answering for the explained domain. Null (after saying why) when the arguments are wrong.
    /// Warnings go to stderr.
    /// </summary>
    private static async Task<ShapingModel> LoadAsync(ParseResult parse, CommonOptions common, IMxHostsSource source,
        (string Domain, MxHostsResult Mx)? fixedMx, ShapingLoadOptions options, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        if (parse.GetValue(common.NoDns))
        {
            await error.WriteLineAsync("warning: --no-dns: mx_rollup domain blocks are skipped, and MXSuffix/HostName providers match only the hosts given with --mx");
        }
        if (fixedMx is { } answer)
        {
            source = new StaticMxHostsSource(new Dictionary<string, MxHostsResult> { [answer.Domain] = answer.Mx }, source);
        }
        var model = await ShapingLoader.LoadFilesAsync(parse.GetValue(common.Files)!, source, options, cancellationToken);
        foreach (var warning in model.Warnings)
        {
            await error.WriteLineAsync($"{warning.Position}: warning: {(warning.KeyPath.Length > 0 ? warning.KeyPath + ": " : "")}{warning.Message}");
        }
        return model;
    }

    /// <summary>Where MX hosts come from: nowhere (--no-dns), --dns-server, or the resolv.conf nameservers.</summary>
    private static IMxHostsSource? MxSourceFor(ParseResult parse, CommonOptions common)
    {
        if (parse.GetValue(common.NoDns))
        {
            return new NoDnsMxHostsSource(NoDnsReason);
        }
        DnsResolverOptions resolverOptions;
        if (parse.GetValue(common.DnsServer) is { } server)
        {
            if (ResolvConf.ParseServer(server) is not { } endpoint)
            {
                parse.InvocationConfiguration.Error.WriteLine($"--dns-server: \"{server}\" is not IP or IP:PORT (for example 127.0.0.1:5353)");
                return null;
            }
            resolverOptions = DnsResolverOptions.ForServers(endpoint);
        }
        else
        {
            try
            {
                resolverOptions = ResolvConf.Load();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"cannot read {ResolvConf.DefaultPath} ({e.Message}): give --dns-server IP:PORT or --no-dns");
                return null;
            }
        }
        return new ResolverMxHostsSource(new MxResolver(new DnsResolver(resolverOptions with { Timeout = TimeSpan.FromSeconds(3) }), resolveIpv6: false));
    }
}
