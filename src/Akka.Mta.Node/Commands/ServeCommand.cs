using System.CommandLine;
using System.Net;
using Akka.Mta.Node.Hosting;

namespace Akka.Mta.Node.Commands;

/// <summary><c>akka-mta serve</c>: runs one node (HTTP API, and the MTA as it grows).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var httpListen = new Option<string>("--http-listen")
        {
            Description = "IP:PORT of the HTTP API listener",
            DefaultValueFactory = _ => NodeOptions.DefaultHttpListen,
        };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "directory for the spool, journal and logs",
            DefaultValueFactory = _ => NodeOptions.DefaultDataDir,
        };
        var command = new Command("serve", "run an MTA node") { httpListen, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var listen = parse.GetValue(httpListen)!;
            if (!IPEndPoint.TryParse(listen, out var endpoint))
            {
                await Console.Error.WriteLineAsync($"--http-listen: \"{listen}\" is not IP:PORT (for example 127.0.0.1:8000)");
                return 2;
            }
            var options = new NodeOptions { HttpListen = endpoint, DataDir = Path.GetFullPath(parse.GetValue(dataDir)!) };
            await using var node = await NodeHost.StartAsync(options, cancellationToken);
            Console.WriteLine($"akka-mta: HTTP API on http://{node.HttpEndpoint}");
            await node.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
