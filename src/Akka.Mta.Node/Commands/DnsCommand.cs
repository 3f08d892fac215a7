using System.CommandLine;
using System.Net;
using Akka.Mta.Dns;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta dns mx DOMAIN</c> and <c>akka-mta dns lookup NAME --type T</c>: what the MTA's
/// resolver sees, as JSON on stdout. A failed lookup prints <c>{"error": kind, "detail": ...}</c>
/// and exits 1; bad arguments exit 2.
/// </summary>
public static class DnsCommand
{
    private static readonly string[] LookupTypes = ["A", "AAAA", "MX", "TXT", "PTR", "CNAME", "NS", "SOA"];

    public static Command Create()
    {
        var command = new Command("dns", "resolve names as the MTA does (MX rollup, site names, failure kinds)");
        command.Subcommands.Add(CreateMx());
        command.Subcommands.Add(CreateLookup());
        return command;
    }

    private static Command CreateMx()
    {
        var domain = new Argument<string>("domain") { Description = "mail domain, international name, or [192.0.2.1] literal" };
        var (servers, timeout, resolvConf) = ResolverOptions();
        var command = new Command("mx", "the MX hosts of a domain with their addresses and site name") { domain, servers, timeout, resolvConf };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var resolver = CreateResolver(parse, servers, timeout, resolvConf);
            if (resolver is null)
            {
                return 2;
            }
            var result = await new MxResolver(resolver).ResolveMxAsync(parse.GetValue(domain)!, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(DnsJson.Mx(result));
            if (result.Outcome == MxOutcome.Failed)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"dns mx: {result.FailureStatus!.Value.ToKind()}: {result.Detail}");
                return 1;
            }
            return 0;
        });
        return command;
    }

    private static Command CreateLookup()
    {
        var name = new Argument<string>("name") { Description = "name to look up (an IP address for --type PTR)" };
        var type = new Option<string>("--type", "-t") { Description = "record type", DefaultValueFactory = _ => "A" };
        type.AcceptOnlyFromAmong([.. LookupTypes, .. LookupTypes.Select(t => t.ToLowerInvariant())]);
        var (servers, timeout, resolvConf) = ResolverOptions();
        var command = new Command("lookup", "records of one type, following CNAMEs") { name, type, servers, timeout, resolvConf };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var resolver = CreateResolver(parse, servers, timeout, resolvConf);
            if (resolver is null)
            {
                return 2;
            }
            var recordType = Enum.Parse<DnsRecordType>(parse.GetValue(type)!.ToUpperInvariant());
            var target = parse.GetValue(name)!;
            var result = recordType == DnsRecordType.PTR && IPAddress.TryParse(target, out var address)
                ? await resolver.LookupPtrAsync(address, cancellationToken)
                : await resolver.LookupAsync(target, recordType, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(DnsJson.Lookup(result));
            if (!result.Status.IsDefinite() || result.Status == DnsStatus.NxDomain)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"dns lookup: {result.Status.ToKind()}: {result.Detail}");
                return 1;
            }
            return 0;
        });
        return command;
    }

    private static (Option<string[]> Servers, Option<double> Timeout, Option<string> ResolvConf) ResolverOptions() =>
    (
        new Option<string[]>("--server", "-s")
        {
            Description = "nameserver IP or IP:PORT (repeatable); default: the resolv.conf nameservers",
            AllowMultipleArgumentsPerToken = false,
        },
        new Option<double>("--timeout") { Description = "seconds to wait for each server's answer", DefaultValueFactory = _ => 5 },
        new Option<string>("--resolv-conf") { Description = "resolv.conf to read", DefaultValueFactory = _ => ResolvConf.DefaultPath }
    );

    /// <summary>The resolver the options describe; null (after saying why on stderr) when they are wrong.</summary>
    private static DnsResolver? CreateResolver(ParseResult parse, Option<string[]> servers, Option<double> timeout, Option<string> resolvConf)
    {
        var error = parse.InvocationConfiguration.Error;
        DnsResolverOptions options;
        var given = parse.GetValue(servers) ?? [];
        if (given.Length > 0)
        {
            var endpoints = new List<IPEndPoint>();
            foreach (var text in given)
            {
                if (ResolvConf.ParseServer(text) is not { } endpoint)
                {
                    error.WriteLine($"--server: \"{text}\" is not IP or IP:PORT (for example 127.0.0.1:5353)");
                    return null;
                }
                endpoints.Add(endpoint);
            }
            options = new DnsResolverOptions { Servers = endpoints };
        }
        else
        {
            try
            {
                options = ResolvConf.Load(parse.GetValue(resolvConf)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                error.WriteLine($"--resolv-conf: {e.Message}");
                return null;
            }
        }
        var seconds = parse.GetValue(timeout);
        if (!(seconds > 0 && seconds <= 300))
        {
            error.WriteLine($"--timeout: {seconds} is not between 0 and 300 seconds");
            return null;
        }
        return new DnsResolver(options with { Timeout = TimeSpan.FromSeconds(seconds) });
    }
}
