using System.CommandLine;
using Akka.Mta.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Commands;

/// <summary><c>akka-mta serve</c>: runs one node: SMTP listener, HTTP API, spool and delivery.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var configFile = new Option<FileInfo?>("--config") { Description = "a JSON configuration file (see cluster-config/)" };
        var httpListen = new Option<string?>("--http-listen") { Description = $"IP:PORT of the HTTP API (default {NodeOptions.DefaultHttpListen}; port 0 picks a free one)" };
        var smtpListen = new Option<string?>("--smtp-listen") { Description = $"IP:PORT of the SMTP listener (default {NodeOptions.DefaultSmtpListen})" };
        var dataDir = new Option<string?>("--data-dir") { Description = $"directory for the spool, journal and logs (default {NodeOptions.DefaultDataDir})" };
        var policyFile = new Option<string?>("--policy") { Description = $"the Lua policy file (default {NodeOptions.DefaultPolicyFile})" };
        var command = new Command("serve", "run an MTA node") { configFile, httpListen, smtpListen, dataDir, policyFile };
        command.SetAction(async (parse, cancellationToken) =>
        {
            NodeOptions options;
            try
            {
                var flags = new Dictionary<string, string?>
                {
                    ["Http:Listen"] = parse.GetValue(httpListen),
                    ["Smtp:Listen"] = parse.GetValue(smtpListen),
                    ["DataDir"] = parse.GetValue(dataDir),
                    ["Policy:File"] = parse.GetValue(policyFile),
                };
                options = NodeOptions.FromConfiguration(BuildConfiguration(parse.GetValue(configFile), flags));
            }
            catch (Exception e) when (e is NodeConfigurationException or FileNotFoundException or InvalidDataException or FormatException)
            {
                await Console.Error.WriteLineAsync($"akka-mta serve: {e.Message}");
                return 2;
            }
            NodeHost node;
            try
            {
                node = await NodeHost.StartAsync(options, cancellationToken);
            }
            catch (Exception e) when (e is Policy.PolicyException or IOException or Persistence.PersistenceException or System.Net.Sockets.SocketException or NodeConfigurationException)
            {
                await Console.Error.WriteLineAsync($"akka-mta serve: {e.Message}");
                return 1;
            }
            await using var _ = node;
            Console.WriteLine($"akka-mta: SMTP on {node.SmtpEndpoint}, HTTP API on http://{node.HttpEndpoint}");
            await node.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    internal static IConfiguration BuildConfiguration(FileInfo? configFile, IDictionary<string, string?> flags)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            builder.AddJsonFile(configFile.FullName, optional: false);
        }
        return builder
            .AddEnvironmentVariables("AKKAMTA__")
            .AddInMemoryCollection(flags.Where(f => f.Value is not null))
            .Build();
    }
}
