using System.Net;

namespace Akka.Mta.Testing.Postfix;

/// <summary>What postfix's <c>smtp-sink</c> announces and how it misbehaves (see smtp-sink(1)).</summary>
public sealed record SmtpSinkOptions
{
    public bool Esmtp { get; init; } = true;
    public bool Pipelining { get; init; } = true;
    public bool EightBitMime { get; init; } = true;
    public bool EnhancedStatusCodes { get; init; } = true;

    /// <summary>Commands answered with a 4xx (<c>-r</c>; implies no PIPELINING).</summary>
    public IReadOnlyList<string> SoftReject { get; init; } = [];

    /// <summary>Commands answered with a 5xx (<c>-f</c>; implies no PIPELINING).</summary>
    public IReadOnlyList<string> HardReject { get; init; } = [];

    /// <summary>Commands after which it disconnects without a reply (<c>-q</c>).</summary>
    public IReadOnlyList<string> DisconnectAfter { get; init; } = [];

    /// <summary>Commands answered with 421 and a disconnect (<c>-Q</c>).</summary>
    public IReadOnlyList<string> CloseWith421 { get; init; } = [];

    /// <summary>Keep each transaction in a file (<c>-d</c>), to check what arrived.</summary>
    public bool DumpMessages { get; init; }

    public string HostName { get; init; } = "smtp-sink.test";

    /// <summary>Most simultaneous connections handled (<c>-m</c>).</summary>
    public int MaxConnections { get; init; } = 256;
}

/// <summary>
/// A running <c>/usr/sbin/smtp-sink</c> on a free 127.0.0.1 port: the C reference SMTP server that
/// accepts and discards mail. Disposing stops it and deletes its dump directory.
/// </summary>
public sealed class SmtpSinkProcess : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/smtp-sink";

    private readonly ExternalProcess _process;
    private readonly string _directory;

    private SmtpSinkProcess(ExternalProcess process, IPEndPoint endPoint, string directory)
    {
        _process = process;
        EndPoint = endPoint;
        _directory = directory;
    }

    public IPEndPoint EndPoint { get; }

    public string Output => _process.Output;

    public static async Task<SmtpSinkProcess> StartAsync(SmtpSinkOptions? options = null)
    {
        options ??= new SmtpSinkOptions();
        var directory = Directory.CreateTempSubdirectory("akka-mta-smtp-sink-").FullName;
        // smtp-sink drops root privileges to -u; the dump files are written as that user.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0x1ff);
        }
        var endPoint = new IPEndPoint(IPAddress.Loopback, Loopback.FreePort());
        var arguments = new List<string> { "-4", "-h", options.HostName, "-m", options.MaxConnections.ToString() };
        if (Environment.UserName == "root")
        {
            arguments.AddRange(["-u", "nobody"]);
        }
        if (!options.Esmtp) arguments.Add("-e");
        if (!options.Pipelining) arguments.Add("-p");
        if (!options.EightBitMime) arguments.Add("-8");
        if (!options.EnhancedStatusCodes) arguments.Add("-E");
        AddCommands(arguments, "-r", options.SoftReject);
        AddCommands(arguments, "-f", options.HardReject);
        AddCommands(arguments, "-q", options.DisconnectAfter);
        AddCommands(arguments, "-Q", options.CloseWith421);
        if (options.DumpMessages)
        {
            arguments.AddRange(["-d", Path.Combine(directory, "%H%M%S.")]);
        }
        arguments.AddRange([$"{endPoint.Address}:{endPoint.Port}", "1024"]);
        var process = ExternalProcess.Start(Executable, arguments);
        try
        {
            await Loopback.WaitUntilListeningAsync(endPoint, TimeSpan.FromSeconds(30), "smtp-sink", () => process.Output, () => process.HasExited);
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }
        return new SmtpSinkProcess(process, endPoint, directory);
    }

    /// <summary>Waits until <paramref name="count"/> transactions were dumped (needs <see cref="SmtpSinkOptions.DumpMessages"/>).</summary>
    public async Task<IReadOnlyList<SinkDump>> WaitForDumpsAsync(int count, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var dumps = Directory.GetFiles(_directory).Order().Select(SinkDump.TryRead).ToList();
            if (dumps.Count >= count && dumps.All(d => d is not null))
            {
                return dumps!;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"waited {deadline.TotalSeconds:0}s for {count} smtp-sink dumps, found {dumps.Count(d => d is not null)} complete of {dumps.Count}. {_process.Output}");
            }
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a dump still open by the dying process; the temp directory is cleaned later
        }
    }

    private static void AddCommands(List<string> arguments, string flag, IReadOnlyList<string> commands)
    {
        if (commands.Count > 0)
        {
            arguments.AddRange([flag, string.Join(',', commands)]);
        }
    }
}

/// <summary>One transaction as smtp-sink dumped it: the MAIL and RCPT arguments and the message lines (LF-terminated).</summary>
public sealed record SinkDump(string HeloArgs, string MailArgs, IReadOnlyList<string> RcptArgs, string Message)
{
    /// <summary>Null while the file is incomplete.</summary>
    public static SinkDump? TryRead(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        // The dump ends with an empty line after the message.
        if (!text.EndsWith("\n\n", StringComparison.Ordinal))
        {
            return null;
        }
        var lines = text[..^1].Split('\n');
        string helo = "", mail = "";
        var rcpts = new List<string>();
        var i = 0;
        for (; i < lines.Length && !lines[i].StartsWith("Received: ", StringComparison.Ordinal); i++)
        {
            var (name, value) = (lines[i].Split(':', 2)[0], lines[i].Split(':', 2).ElementAtOrDefault(1)?.Trim() ?? "");
            switch (name)
            {
                case "X-Helo-Args": helo = value; break;
                case "X-Mail-Args": mail = value; break;
                case "X-Rcpt-Args": rcpts.Add(value); break;
            }
        }
        for (i++; i < lines.Length && lines[i].StartsWith('\t'); i++)
        {
            // the rest of smtp-sink's own Received header
        }
        return new SinkDump(helo, mail, rcpts, string.Join('\n', lines[i..]));
    }
}
