using System.CommandLine;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Merging;
using Akka.Mta.Shaping.Output;

namespace Akka.Mta.Node.Commands;

public static partial class ShapingCommand
{
    private static Command CreateValidate()
    {
        var common = new CommonOptions();
        var command = new Command("validate", "load shaping files: a summary (blocks, providers, rules), or every error as file:line:col: message");
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var source = MxSourceFor(parse, common);
            if (source is null)
            {
                return 2;
            }
            using var owned = source as IDisposable;
            var model = await LoadAsync(parse, common, source, null, ShapingLoadOptions.ForValidation, cancellationToken);
            if (model.HasErrors)
            {
                foreach (var error in model.Errors)
                {
                    await output.WriteLineAsync(error.ToString());
                }
                await output.WriteLineAsync($"{model.Errors.Count()} error(s)");
                return 1;
            }
            await output.WriteAsync(ValidationReport.Summary(model));
            await output.WriteLineAsync("OK");
            return 0;
        });
        return command;
    }

    private static Command CreateExplain()
    {
        var common = new CommonOptions();
        var destination = new DestinationOptions();
        var format = new Option<string>("--format") { Description = "json or toml", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "toml");
        var withDefaults = new Option<bool>("--with-defaults") { Description = "also list the built-in default of every option the files do not set" };
        var command = new Command("explain", "the effective egress path configuration for a domain and source, with the file:line that set each option");
        common.AddTo(command);
        destination.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(withDefaults);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = await ResolveDestinationAsync(parse, common, destination, cancellationToken);
            if (target.Exit is { } exit)
            {
                return exit;
            }
            var (model, domain, mx) = (target.Model!, target.Domain, target.Mx!);
            var effective = model.Resolve(domain, parse.GetValue(destination.Source)!, mx);
            var text = parse.GetValue(format) == "toml"
                ? ExplainWriter.ToToml(effective, parse.GetValue(withDefaults))
                : ExplainWriter.ToJson(effective, parse.GetValue(withDefaults));
            await parse.InvocationConfiguration.Output.WriteAsync(text);
            return 0;
        });
        return command;
    }

    private static Command CreateMatch()
    {
        var common = new CommonOptions();
        var destination = new DestinationOptions();
        var response = new Option<string>("--response") { Description = "the SMTP response, e.g. \"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred\"", Required = true };
        var site = new Option<string?>("--site") { Description = "the site name of the ready queue (default: from the MX hosts)" };
        var command = new Command("match", "the automation rules a delivery response triggers, in order, as JSON");
        common.AddTo(command);
        destination.AddTo(command);
        command.Options.Add(response);
        command.Options.Add(site);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = await ResolveDestinationAsync(parse, common, destination, cancellationToken);
            if (target.Exit is { } exit)
            {
                return exit;
            }
            var (model, domain, mx) = (target.Model!, target.Domain, target.Mx!);
            var siteName = parse.GetValue(site) ?? (mx.Site.Length > 0 ? mx.Site : null);
            var matched = model.MatchRules(ResponseLine.Parse(parse.GetValue(response)!), domain, siteName, mx);
            await parse.InvocationConfiguration.Output.WriteAsync(RuleWriter.ToJson(matched));
            return 0;
        });
        return command;
    }

    private sealed record Destination(int? Exit, ShapingModel? Model = null, string Domain = "", MxHostsResult? Mx = null);

    /// <summary>Loads the files with the destination's MX hosts from --mx (or DNS), and reports what explain and match need said.</summary>
    private static async Task<Destination> ResolveDestinationAsync(ParseResult parse, CommonOptions common, DestinationOptions destination, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var domain = Shaping.Resolution.DomainNames.Normalize(parse.GetValue(destination.Domain)!);
        var hosts = (parse.GetValue(destination.Mx) ?? []).SelectMany(m => m.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        var fixedMx = parse.GetResult(destination.Mx) is null ? null : MxHostsResult.FromHosts(hosts);
        var source = MxSourceFor(parse, common);
        if (source is null)
        {
            return new Destination(2);
        }
        using var owned = source as IDisposable;
        var model = await LoadAsync(parse, common, source, fixedMx is null ? null : (domain, fixedMx), ShapingLoadOptions.ForValidation, cancellationToken);
        if (model.HasErrors)
        {
            foreach (var item in model.Errors)
            {
                await error.WriteLineAsync(item.ToString());
            }
            return new Destination(1);
        }
        var mx = fixedMx ?? await source.GetMxHostsAsync(domain, cancellationToken);
        if (mx.Status is MxHostsStatus.NotLookedUp or MxHostsStatus.Failed)
        {
            await error.WriteLineAsync($"warning: no MX hosts for {domain} ({mx.Detail}): no site, and providers match by DomainSuffix only; give them with --mx");
        }
        return new Destination(null, model, domain, mx);
    }
}
