using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka.Mta.Testing.Postgres;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Akka.Mta.Testing.RabbitMq;

/// <summary>
/// A RabbitMQ broker of its own for one test run: Debian's rabbitmq-server started from
/// /usr/lib/rabbitmq/bin with every path, name and port private (data and logs in a temp dir, its own
/// node name, AMQP port, distribution port and epmd port, everything bound to 127.0.0.1), so it never
/// meets a system broker. <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> restart it on the same
/// port and data. Disposing stops the node and its epmd and deletes the dir; a broker left behind by a
/// test run that died is stopped and deleted by the next one.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private const string DirPrefix = "akka-mta-rmq-";
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(2);

    private readonly string _dir;
    private readonly Dictionary<string, string> _environment;
    private Process? _process;

    private RabbitMqServer(string dir, int port, int distributionPort, int epmdPort)
    {
        _dir = dir;
        Port = port;
        NodeName = $"akkamta{Path.GetFileName(dir)[DirPrefix.Length..]}@localhost";
        const string loopbackOnly = "-kernel inet_dist_use_interface {127,0,0,1}";
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(dir, "home"), // the Erlang cookie lives here, shared by server and rabbitmqctl
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_USE_LONGNAME"] = "false",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = loopbackOnly,
            ["RABBITMQ_CTL_ERL_ARGS"] = loopbackOnly,
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(dir, "rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(dir, "advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(dir, "rabbitmq-env.conf"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(dir, "rabbitmq.pid"),
            ["LC_ALL"] = "C",
        };
    }

    /// <summary>The AMQP port on 127.0.0.1 (the same across <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>).</summary>
    public int Port { get; }

    public string NodeName { get; }

    /// <summary>The node's own log (warnings and errors), for failure messages.</summary>
    public string LogFile => Path.Combine(_dir, "log", NodeName + ".log");

    /// <summary>Whether the node is running (between a successful start and a stop).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>An amqp:// URL for this broker; guest/guest may log in from loopback.</summary>
    public Uri Url(string user = "guest", string password = "guest", string vhost = "/") =>
        new($"amqp://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@127.0.0.1:{Port}/{Uri.EscapeDataString(vhost)}");

    /// <summary>A new broker in a new temp dir, running and accepting AMQP logins.</summary>
    public static async Task<RabbitMqServer> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "rabbitmq-server")))
        {
            throw new InvalidOperationException($"{Bin}/rabbitmq-server not found: run ./test.sh to install rabbitmq-server");
        }
        ReapAbandoned();
        var dir = Path.Combine(Path.GetTempPath(), DirPrefix + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(dir, "home"));
        await File.WriteAllTextAsync(Path.Combine(dir, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var ports = FreePorts(3);
        await File.WriteAllTextAsync(Path.Combine(dir, "epmd.port"), ports[2].ToString(CultureInfo.InvariantCulture));
        var server = new RabbitMqServer(dir, ports[0], ports[1], ports[2]);
        try
        {
            await server.WriteConfigAsync();
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WriteConfigAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "rabbitmq.conf"), string.Join('\n',
            $"listeners.tcp.default = 127.0.0.1:{Port}",
            "disk_free_limit.absolute = 1MB", // a nearly full /tmp must not block publishers
            "vm_memory_high_watermark.relative = 0.8",
            "log.console = false",
            "log.file.level = warning",
            ""));
        await File.WriteAllTextAsync(Path.Combine(_dir, "advanced.config"), "[].\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "enabled_plugins"), "[].\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "rabbitmq-env.conf"), "");
    }

    /// <summary>Starts the node (again, after <see cref="StopAsync"/>: same port, same data) and waits until it accepts an AMQP login.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"RabbitMQ node {NodeName} is already running");
        }
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" >>\"$AKKAMTA_RUN_OUTPUT\" 2>&1 </dev/null");
        start.ArgumentList.Add(Path.Combine(Bin, "rabbitmq-server"));
        start.WorkingDirectory = _dir;
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }
        start.Environment["AKKAMTA_RUN_OUTPUT"] = Path.Combine(_dir, "rabbitmq-server.out");
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start rabbitmq-server");
        await WaitUntilReadyAsync(cancellationToken);
    }

    /// <summary>Stops the node gracefully (clients see connection.close CONNECTION_FORCED) and waits until its process is gone.</summary>
    public async Task StopAsync()
    {
        if (!IsRunning)
        {
            return;
        }
        try
        {
            await RabbitMqCtlAsync("shutdown");
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            _process!.Kill(entireProcessTree: true);
        }
        using var deadline = new CancellationTokenSource(StepDeadline);
        await _process!.WaitForExitAsync(deadline.Token);
    }

    /// <summary>Runs rabbitmqctl against this node; throws naming the command and its output when it fails.</summary>
    public Task<string> RabbitMqCtlAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Path.Combine(_dir, "rabbitmqctl.out"), StepDeadline, "/usr/bin/env",
            [.. _environment.Select(e => $"{e.Key}={e.Value}"), Path.Combine(Bin, "rabbitmqctl"), "-n", NodeName, .. arguments]);

    /// <summary>Adds a user with full permissions on <paramref name="vhost"/>.</summary>
    public async Task AddUserAsync(string user, string password, string vhost = "/")
    {
        await RabbitMqCtlAsync("add_user", user, password);
        await RabbitMqCtlAsync("set_permissions", "-p", vhost, user, ".*", ".*", ".*");
    }

    public Task AddVhostAsync(string vhost) => RabbitMqCtlAsync("add_vhost", vhost);

    /// <summary>An AMQP connection as guest, for tests to declare topology and read what was published.</summary>
    public Task<IConnection> ConnectAsync(string vhost = "/", CancellationToken cancellationToken = default) =>
        Factory(Url(vhost: vhost)).CreateConnectionAsync($"akka-mta test {NodeName}", cancellationToken);

    private static ConnectionFactory Factory(Uri url) => new()
    {
        Uri = url,
        AutomaticRecoveryEnabled = false,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Tries an AMQP login until one succeeds, the node's process exits, or the deadline passes; failures name the node, port and log.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < ReadyDeadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException(
                    $"rabbitmq-server {NodeName} exited with {_process.ExitCode} before accepting AMQP on 127.0.0.1:{Port}: " +
                    $"{ProcessRunner.Tail(Path.Combine(_dir, "rabbitmq-server.out"))}; node log: {ProcessRunner.Tail(LogFile)}");
            }
            try
            {
                await using var connection = await ConnectAsync(cancellationToken: cancellationToken);
                return;
            }
            catch (Exception error) when (error is BrokerUnreachableException or OperationInterruptedException or IOException or TimeoutException)
            {
                last = error;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
        throw new TimeoutException(
            $"RabbitMQ {NodeName} did not accept an AMQP login on 127.0.0.1:{Port} within {ReadyDeadline}: {last?.Message}; " +
            $"node log: {ProcessRunner.Tail(LogFile)}", last);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception)
        {
            _process?.Kill(entireProcessTree: true);
        }
        _process?.Dispose();
        await KillEpmdAsync(_dir, _environment["ERL_EPMD_PORT"]);
        TryDelete(_dir);
    }

    /// <summary>Stops this broker's own epmd (started by the node, it outlives it); the system's epmd on 4369 is left alone.</summary>
    private static async Task KillEpmdAsync(string dir, string epmdPort)
    {
        try
        {
            await ProcessRunner.RunAsync(Path.Combine(dir, "epmd-kill.out"), StepDeadline, "/usr/bin/env", $"ERL_EPMD_PORT={epmdPort}", "epmd", "-kill");
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // not running (never started, or already gone)
        }
    }

    /// <summary>Stops and deletes brokers whose owning test process is gone: the node by its pid file, then its epmd.</summary>
    private static void ReapAbandoned()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), DirPrefix + "*"))
        {
            var ownerFile = Path.Combine(dir, "owner.pid");
            if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile), out var owner) || IsAlive(owner))
            {
                continue;
            }
            var pidFile = Path.Combine(dir, "rabbitmq.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var node) && IsAlive(node))
            {
                using var process = Process.GetProcessById(node);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(30));
            }
            var epmdPortFile = Path.Combine(dir, "epmd.port");
            if (File.Exists(epmdPortFile))
            {
                KillEpmdAsync(dir, File.ReadAllText(epmdPortFile).Trim()).GetAwaiter().GetResult();
            }
            TryDelete(dir);
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

    /// <summary>Distinct free loopback ports, all held open while choosing so that none repeats.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
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
}
