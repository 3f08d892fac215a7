using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Akka.Mta.Testing.Dns;

/// <summary>
/// A real DNS server for tests: <c>unbound</c> as a child process on a free 127.0.0.1 port,
/// serving <see cref="DnsZone"/> data and nothing else (no recursion, no root hints, no remote
/// control). Ready when it has answered a query. Disposing stops it and removes its directory.
/// </summary>
public sealed class UnboundServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/unbound";

    // Servers still running when the process exits without disposing them (a failed benchmark
    // setup, an aborted test run) are stopped then, so no unbound outlives its test host.
    private static readonly Dictionary<Process, string> Running = [];

    static UnboundServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output;

    private UnboundServer(Process process, string directory, IPEndPoint endPoint, StringBuilder output)
    {
        _process = process;
        _directory = directory;
        _output = output;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>What unbound printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts unbound with <paramref name="zone"/>; retries on another port if the one picked was taken meanwhile.</summary>
    public static async Task<UnboundServer> StartAsync(DnsZone zone, TimeSpan? readyDeadline = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: ./test.sh installs the unbound package");
        }
        var deadline = readyDeadline ?? TimeSpan.FromSeconds(30);
        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), "akka-mta-unbound-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var port = FreeUdpAndTcpPort();
            var configPath = Path.Combine(directory, "unbound.conf");
            await File.WriteAllTextAsync(configPath, Config(zone, directory, port));
            var (process, output) = Launch(configPath, directory);
            var server = new UnboundServer(process, directory, new IPEndPoint(IPAddress.Loopback, port), output);
            var failure = await server.WaitReadyAsync(deadline);
            if (failure is null)
            {
                return server;
            }
            await server.DisposeAsync();
            if (attempt >= 5 || !failure.Contains("bind", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"unbound did not start on 127.0.0.1:{port}: {failure}");
            }
        }
    }

    private static string Config(DnsZone zone, string directory, int port)
    {
        var config = new StringBuilder();
        config.AppendLine("server:");
        foreach (var line in new[]
        {
            "interface: 127.0.0.1", $"port: {port}", "do-daemonize: no", "chroot: \"\"", "username: \"\"",
            $"directory: \"{directory}\"", $"pidfile: \"{Path.Combine(directory, "unbound.pid")}\"",
            "use-syslog: no", "logfile: \"\"", "verbosity: 1", "do-ip6: no", "num-threads: 1", "so-reuseport: no",
            "access-control: 127.0.0.0/8 allow", "do-not-query-localhost: yes", "module-config: \"iterator\"",
            "trust-anchor-signaling: no", "root-key-sentinel: no", "prefetch: no", "minimal-responses: yes",
            // Nothing outside the test zones: no recursion to the internet, ever.
            "local-zone: \".\" refuse",
        })
        {
            config.Append("  ").AppendLine(line);
        }
        foreach (var line in zone.ConfigLines)
        {
            config.Append("  ").AppendLine(line);
        }
        config.AppendLine("remote-control:");
        config.AppendLine("  control-enable: no");
        return config.ToString();
    }

    private static (Process, StringBuilder) Launch(string configPath, string directory)
    {
        var output = new StringBuilder();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(Executable, ["-d", "-c", configPath])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Start();
        lock (Running)
        {
            Running.Add(process, directory);
        }
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return (process, output);
    }

    /// <summary>Null once unbound answers a query; why not when it exits or the deadline passes first.</summary>
    private async Task<string?> WaitReadyAsync(TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(EndPoint);
        var buffer = new byte[4096];
        ushort id = 1;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                return $"exited with code {_process.ExitCode}: {Output}";
            }
            try
            {
                await probe.SendAsync(DnsTestPacket.Query(++id, "ready.probe", 1), SocketFlags.None);
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                var length = await probe.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                // Any answer proves it serves (it may answer an earlier probe that was slow).
                if (length >= 12)
                {
                    return null;
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
                // Not listening yet (ICMP port unreachable): probe again after a moment.
                await Task.Delay(20);
            }
        }
        return $"no answer to a probe within {deadline.TotalSeconds}s: {Output}";
    }

    /// <summary>A port free for both UDP and TCP on 127.0.0.1 at the time of asking.</summary>
    private static int FreeUdpAndTcpPort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    private static void StopAll()
    {
        lock (Running)
        {
            foreach (var (process, directory) in Running)
            {
                try
                {
                    process.Kill();
                    process.WaitForExit(TimeSpan.FromSeconds(5));
                    Directory.Delete(directory, recursive: true);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException)
                {
                    // already gone
                }
            }
            Running.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
        lock (Running)
        {
            Running.Remove(_process);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
