using System.CommandLine;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta shaping validate|explain|match</c>: KumoMTA-compatible shaping files checked, the
/// effective egress-path configuration of a destination with where each option was set, and the
/// automation rules a response triggers. They read files only (and DNS for MX, unless
/// <c>--no-dns</c>); no node needs to run. Exit codes: 0 fine, 1 the files have errors, 2 bad arguments.
/// </summary>
public static partial class ShapingCommand
{
    public static Command Create()
    {
        var command = new Command("shaping", "check shaping files (KumoMTA shaping.toml / JSON) and explain their effect");
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreateExplain());
        command.Subcommands.Add(CreateMatch());
        return command;
    }

    /// <summary>The options every verb shares: the files and how MX hosts are found.</summary>
    private sealed class CommonOptions
    {
        public Argument<string[]> Files { get; } = new("FILE")
        {
            Description = "shaping files in load order (.toml, .json, or either)",
            Arity = ArgumentArity.OneOrMore,
        };

        public Option<bool> NoDns { get; } = new("--no-dns")
        {
            Description = "look nothing up in DNS: mx_rollup blocks are skipped (with a warning) and MXSuffix/HostName providers match only hosts given with --mx",
        };

        public Option<string?> DnsServer { get; } = new("--dns-server")
        {
            Description = "nameserver IP:PORT for MX lookups (default: the resolv.conf nameservers)",
        };

        public void AddTo(Command command)
        {
            command.Arguments.Add(Files);
            command.Options.Add(NoDns);
            command.Options.Add(DnsServer);
        }
    }

    /// <summary>The options of the verbs about one destination.</summary>
    private sealed class DestinationOptions
    {
        public Option<string> Domain { get; } = new("--domain") { Description = "recipient (routing) domain", Required = true };

        public Option<string> Source { get; } = new("--source") { Description = "egress source name", Required = true };

        public Option<string[]> Mx { get; } = new("--mx")
        {
            Description = "the domain's MX hosts in preference order, comma-separated (instead of DNS); \".\" for a null MX",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(Domain);
            command.Options.Add(Source);
            command.Options.Add(Mx);
        }
    }
}
