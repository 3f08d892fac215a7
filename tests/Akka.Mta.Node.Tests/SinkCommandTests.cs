using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Akka.Mta.Node.Tests;

/// <summary><c>akka-mta sink</c> as a user runs it: a separate process, its printed ports, SMTP and /stats.</summary>
public sealed partial class SinkCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "akka-mta-sink-" + Guid.NewGuid().ToString("N"));

    public SinkCommandTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public async Task BadReplyFile_ExitsWith2_NamingFileLineAndKey()
    {
        var file = Path.Combine(_dir, "replies.toml");
        await File.WriteAllTextAsync(file, "[[reply]]\nrecipient = 'x'\ncode = 451\ncolour = 'red'\n");
        using var sink = Start("sink", "--listen", "127.0.0.1:0", "--reply-config", file);
        using var timeout = new CancellationTokenSource(Deadline);
        await sink.WaitForExitAsync(timeout.Token);
        var error = await sink.StandardError.ReadToEndAsync();
        Assert.Equal(2, sink.ExitCode);
        Assert.Contains($"{file}:4:1: unknown key \"colour\"", error);
    }

    [Fact]
    public async Task Sink_PrintsItsPorts_RepliesFromTheReplyFile_AndCountsAtStats()
    {
        var file = Path.Combine(_dir, "replies.toml");
        await File.WriteAllTextAsync(file, "[[reply]]\nrecipient = '@yahoo\\.example$'\ncode = 421\nenhanced = '4.7.0'\ntext = '[TS04] deferred'\n");
        using var sink = Start("sink", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--reply-config", file);
        try
        {
            var smtpPort = int.Parse(Match(await ReadLineAsync(sink), SmtpLine()), System.Globalization.CultureInfo.InvariantCulture);
            var statsUrl = Match(await ReadLineAsync(sink), StatsLine());
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", smtpPort);
            var stream = tcp.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            async Task<string> Say(string line)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
                string reply;
                do
                {
                    reply = (await reader.ReadLineAsync().WaitAsync(Deadline))!;
                }
                while (reply[3] == '-');
                return reply;
            }
            Assert.StartsWith("220 ", await reader.ReadLineAsync().WaitAsync(Deadline));
            Assert.StartsWith("250", await Say("EHLO c.example"));
            Assert.StartsWith("250", await Say("MAIL FROM:<s@example.org>"));
            Assert.Equal("451 4.3.0 tempfail requested by recipient", await Say("RCPT TO:<tempfail@example.com>"));
            Assert.StartsWith("250", await Say("RCPT TO:<a@example.com>"));
            Assert.StartsWith("354", await Say("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued", await Say("Subject: x\r\n\r\nbody\r\n."));
            Assert.StartsWith("250", await Say("MAIL FROM:<s@example.org>"));
            Assert.Equal("421 4.7.0 [TS04] deferred", await Say("RCPT TO:<a@yahoo.example>"));
            using var http = new HttpClient();
            var stats = await http.GetFromJsonAsync<JsonElement>(statsUrl);
            Assert.Equal(1, stats.GetProperty("messages").GetInt32());
            Assert.Equal(1, stats.GetProperty("recipients").GetInt32());
            Assert.Equal(1, stats.GetProperty("by_reply_code").GetProperty("451").GetInt32());
            Assert.Equal(1, stats.GetProperty("by_reply_code").GetProperty("421").GetInt32());
        }
        finally
        {
            sink.Kill(entireProcessTree: true);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "akka-mta.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    private static async Task<string> ReadLineAsync(Process process)
    {
        try
        {
            return await process.StandardOutput.ReadLineAsync().WaitAsync(Deadline) ?? "(end of output)";
        }
        catch (TimeoutException)
        {
            Assert.Fail("akka-mta sink printed nothing within the deadline");
            throw;
        }
    }

    private static string Match(string line, Regex pattern)
    {
        var match = pattern.Match(line);
        Assert.True(match.Success, $"unexpected output line \"{line}\"");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"SMTP on 127\.0\.0\.1:(\d+)")]
    private static partial Regex SmtpLine();

    [GeneratedRegex(@"stats on (http://\S+)")]
    private static partial Regex StatsLine();
}
