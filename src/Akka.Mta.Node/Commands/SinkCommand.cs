using System.CommandLine;
using System.Net;
using Akka.Mta.Smtp.Sink;
using Akka.Mta.Toml;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta sink</c>: an SMTP server that accepts and discards mail, replies per recipient from
/// magic local parts and a reply file, and reports counts at <c>GET /stats</c>.
/// </summary>
internal static class SinkCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen")
        {
            Description = "IP:PORT of the SMTP listener (port 0 picks a free port and prints it)",
            DefaultValueFactory = _ => "127.0.0.1:2525",
        };
        var http = new Option<string?>("--http") { Description = "IP:PORT of the HTTP listener serving GET /stats and POST /stats/reset (default: none, no HTTP listener)" };
        var tls = new Option<bool>("--tls") { Description = "offer STARTTLS with a self-signed certificate" };
        var replyConfig = new Option<string?>("--reply-config") { Description = "TOML file of [[reply]] rules (recipient regex, at, code, enhanced, text) (default: none, magic local parts only)" };
        var command = new Command("sink", "run a discarding SMTP sink for tests and benchmarks") { listen, http, tls, replyConfig };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryEndpoint("--listen", parse.GetValue(listen), out var smtpEndpoint)
                || !TryEndpoint("--http", parse.GetValue(http), out var httpEndpoint))
            {
                return 2;
            }
            var rules = ReplyRules.None;
            if (parse.GetValue(replyConfig) is { } file)
            {
                try
                {
                    rules = ReplyRules.FromFile(file);
                }
                catch (Exception ex) when (ex is TomlException or IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"--reply-config: {ex.Message}");
                    return 2;
                }
            }
            var options = new MailSinkOptions { Listen = smtpEndpoint!, Http = httpEndpoint, Tls = parse.GetValue(tls), Rules = rules };
            using var signal = ShutdownSignal.Listen(cancellationToken);
            MailSinkHost sink;
            try
            {
                sink = await MailSinkHost.StartAsync(options, cancellationToken: signal.Token);
            }
            catch (IOException e)
            {
                // Kestrel's "Failed to bind to address ...: address already in use."
                await Console.Error.WriteLineAsync($"akka-mta sink: {e.Message}");
                return 1;
            }
            await using var _ = sink;
            Console.WriteLine($"akka-mta sink: SMTP on {sink.SmtpEndpoint}{(options.Tls ? " (STARTTLS)" : "")}, {rules.Rules.Count} reply rule(s)");
            if (sink.HttpEndpoint is { } bound)
            {
                Console.WriteLine($"akka-mta sink: stats on http://{bound}/stats");
            }
            try
            {
                await Task.Delay(Timeout.Infinite, signal.Token);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM, SIGINT or SIGQUIT: stop the listeners (dispose) and exit 0.
            }
            Console.WriteLine($"akka-mta sink: stopping ({signal.Received?.ToString() ?? "cancelled"})");
            return 0;
        });
        return command;
    }

    private static bool TryEndpoint(string option, string? text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (text is null)
        {
            return true;
        }
        if (IPEndPoint.TryParse(text, out endpoint))
        {
            return true;
        }
        Console.Error.WriteLine($"{option}: \"{text}\" is not IP:PORT (for example 127.0.0.1:2525)");
        return false;
    }
}
