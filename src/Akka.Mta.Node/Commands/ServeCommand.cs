using System.CommandLine;
using Akka.Mta.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta serve</c>: runs one node: SMTP listener, HTTP API, spool and delivery. Prints the
/// absolute paths it uses before it starts and the bound listeners once they accept; stops cleanly on
/// SIGTERM, SIGINT (Ctrl+C) and SIGQUIT.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var configFile = new Option<FileInfo?>("--config")
        {
            Description = "a JSON file with configuration keys; relative paths in it are relative to the file (default: none; see cluster-config/)",
        };
        var httpListen = new Option<string?>("--http-listen") { Description = $"IP:PORT of the HTTP API, Http:Listen; port 0 picks a free one (default: {NodeOptions.DefaultHttpListen})" };
        var smtpListen = new Option<string?>("--smtp-listen") { Description = $"IP:PORT of the SMTP listener, Smtp:Listen; port 0 picks a free one (default: {NodeOptions.DefaultSmtpListen})" };
        var dataDir = new Option<string?>("--data-dir") { Description = $"directory for the spool and the logs, DataDir (default: {NodeOptions.DefaultDataDir})" };
        var policyFile = new Option<string?>("--policy") { Description = $"the Lua policy file, Policy:File (default: {NodeOptions.DefaultPolicyFile})" };
        var command = new Command("serve", "run an MTA node (flags override AKKAMTA__* environment variables, which override --config)")
        {
            configFile, httpListen, smtpListen, dataDir, policyFile,
        };
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
            Console.WriteLine($"{VersionInfo.Line}: serve");
            Console.WriteLine($"akka-mta: policy {options.PolicyFile}");
            Console.WriteLine($"akka-mta: data {options.DataDir} (spool {options.SpoolPath}, logs {options.LogDir})");
            using var signal = ShutdownSignal.Listen(cancellationToken);
            NodeHost node;
            try
            {
                node = await NodeHost.StartAsync(options, signal.Token);
            }
            catch (OperationCanceledException) when (signal.Token.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("akka-mta serve: stopped while starting");
                return 0;
            }
            catch (Exception e) when (e is Policy.PolicyException or IOException or Persistence.PersistenceException or System.Net.Sockets.SocketException
                or NodeConfigurationException or TimeoutException)
            {
                await Console.Error.WriteLineAsync($"akka-mta serve: {e.Message}");
                return 1;
            }
            await using (node)
            {
                Console.WriteLine($"akka-mta: SMTP on {node.SmtpEndpoint}, HTTP API on http://{node.HttpEndpoint}");
                Console.WriteLine($"akka-mta: node {node.NodeName}, cluster member {node.ClusterAddress}");
                try
                {
                    await node.WaitForShutdownAsync(signal.Token);
                }
                catch (OperationCanceledException)
                {
                    // the signal: dispose below stops the listeners first and closes the spool last
                }
                Console.WriteLine($"akka-mta: stopping ({signal.Received?.ToString() ?? node.StopReason ?? "host stopped"})");
            }
            Console.WriteLine("akka-mta: stopped");
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
            if (!configFile.Exists)
            {
                throw new FileNotFoundException($"--config: {configFile.FullName} does not exist");
            }
            builder.AddJsonFile(configFile.FullName, optional: false);
        }
        return builder
            .AddEnvironmentVariables("AKKAMTA__")
            .AddInMemoryCollection(flags.Where(f => f.Value is not null))
            .Build();
    }
}
