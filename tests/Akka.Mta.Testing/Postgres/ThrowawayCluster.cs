using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Akka.Mta.Testing.Postgres;

/// <summary>
/// A PostgreSQL cluster of its own for one test run: initdb into a temp dir, then pg_ctl start on a free
/// loopback port with trust authentication and the unix socket in the same dir. As root it runs
/// everything as the <c>postgres</c> user (initdb refuses root). Disposing stops it and deletes the dir;
/// a cluster left behind by a test run that died is stopped and deleted by the next one.
/// </summary>
internal sealed class ThrowawayCluster : IAsyncDisposable
{
    private const string DirPrefix = "akka-mta-pg-";
    private static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(3);

    private readonly string _bin;
    private readonly string _dir;
    private readonly bool _asPostgres;

    private ThrowawayCluster(string bin, string dir, bool asPostgres, int port)
    {
        _bin = bin;
        _dir = dir;
        _asPostgres = asPostgres;
        Port = port;
    }

    public int Port { get; }

    public string DataDir => Path.Combine(_dir, "data");

    public string LogFile => Path.Combine(_dir, "postgres.log");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=30;Command Timeout=120";

    public static async Task<ThrowawayCluster> StartAsync()
    {
        var bin = FindBinDir();
        var asPostgres = geteuid() == 0;
        ReapAbandoned(bin, asPostgres);

        var dir = Path.Combine(Path.GetTempPath(), DirPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            if (asPostgres)
            {
                await ProcessRunner.RunAsync(Path.Combine(dir, "chown.out"), StepDeadline, "chown", "-R", "postgres:postgres", dir);
            }
            var initdb = new ThrowawayCluster(bin, dir, asPostgres, 0);
            await initdb.RunAsync("initdb.out", "initdb", "-D", initdb.DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--no-locale", "--no-sync", "--no-instructions");
            for (var attempt = 1; ; attempt++)
            {
                var cluster = new ThrowawayCluster(bin, dir, asPostgres, FreePort());
                try
                {
                    await cluster.StartServerAsync();
                    return cluster;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // most likely the port was taken between choosing and binding it: try another
                }
            }
        }
        catch
        {
            TryDelete(dir);
            throw;
        }
    }

    private async Task StartServerAsync()
    {
        var options = string.Join(' ',
            $"-c port={Port}",
            "-c listen_addresses=127.0.0.1",
            $"-c unix_socket_directories={_dir}",
            "-c max_connections=300",
            "-c shared_buffers=64MB",
            "-c log_min_messages=warning");
        await RunAsync("pg_ctl-start.out", "pg_ctl", "start", "-D", DataDir, "-l", LogFile, "-w", "-t", "180", "-o", options);
    }

    private Task<string> RunAsync(string outputName, string tool, params string[] arguments)
    {
        var output = Path.Combine(_dir, outputName);
        var executable = Path.Combine(_bin, tool);
        return _asPostgres
            ? ProcessRunner.RunAsync(output, StepDeadline, "runuser", ["-u", "postgres", "--", executable, .. arguments])
            : ProcessRunner.RunAsync(output, StepDeadline, executable, arguments);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("pg_ctl-stop.out", "pg_ctl", "stop", "-D", DataDir, "-m", "immediate", "-w", "-t", "60");
        }
        catch (Exception)
        {
            // already gone; the directory goes anyway
        }
        TryDelete(_dir);
    }

    /// <summary>The newest /usr/lib/postgresql/N/bin, or the directory of an initdb on PATH.</summary>
    private static string FindBinDir()
    {
        const string root = "/usr/lib/postgresql";
        var versioned = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Dir, "bin", "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin"))
                .FirstOrDefault()
            : null;
        if (versioned is not null)
        {
            return versioned;
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")));
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL's initdb was found neither under /usr/lib/postgresql/N/bin nor on PATH: run ./test.sh to install postgresql, " +
            "or set AKKAMTA_TEST_PG_URL to a server to use");
    }

    /// <summary>Stops and deletes clusters whose owning test process is gone.</summary>
    private static void ReapAbandoned(string bin, bool asPostgres)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), DirPrefix + "*"))
        {
            var ownerFile = Path.Combine(dir, "owner.pid");
            if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile), out var owner) || IsAlive(owner))
            {
                continue;
            }
            var cluster = new ThrowawayCluster(bin, dir, asPostgres, 0);
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [DllImport("libc")]
    private static extern uint geteuid();
}
