using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Akka.Mta.Testing.Postfix;
using Akka.Mta.Testing.Postgres;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// N <c>akka-mta serve</c> processes from cluster-config/loopback-3-node/nodeI.json (node 4 and on
/// reuse node3.json with their own name), one cluster on one PostgreSQL database for spool and
/// persistence, and an <c>akka-mta sink</c> that the default policy sends every message to. Each run
/// gets free SMTP, HTTP and cluster ports and its own data directories, given to the configuration
/// files as <c>AKKAMTA__*</c> variables, so the files are used as they are shipped. A node can be
/// killed with SIGKILL and restarted on the same ports; membership is awaited on
/// <c>/api/cluster/v1/members</c> with deadlines. Delivery scenarios inject into <see cref="Node"/>
/// <c>i</c> (SMTP or HTTP) and read <see cref="Sink"/>.
/// </summary>
internal sealed partial class ClusterProcesses : IAsyncDisposable
{
    /// <summary>Formation on a loaded 2-core machine takes 5-15 s; a failover 10-20 s.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _root;
    private readonly PostgresDatabase _database;
    private readonly ClusterNode[] _nodes;

    private ClusterProcesses(string root, PostgresDatabase database, SinkProcess sink, ClusterNode[] nodes)
    {
        _root = root;
        _database = database;
        Sink = sink;
        _nodes = nodes;
    }

    public SinkProcess Sink { get; }

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    public ClusterNode Node(int index) => _nodes[index];

    /// <summary>The policy every node runs unless the caller gives one: all mail to the sink, plain SMTP.</summary>
    public static string SinkPolicy(IPEndPoint sink) => $$"""
        local mta = require 'mta'
        mta.on('get_queue_config', function(domain, tenant, campaign, routing_domain)
          return { protocol = { smtp = { mx_list = { '{{sink.Address}}:{{sink.Port}}' } } } }
        end)
        mta.on('get_egress_path_config', function(domain, source, site)
          return { enable_tls = 'Disabled', prohibited_hosts = {}, provider_name = 'sinkprovider' }
        end)
        """;

    /// <summary>Starts the sink and <paramref name="count"/> nodes at once and waits until each has printed its listeners.</summary>
    /// <param name="policy">Lua for policy/init.lua (default <see cref="SinkPolicy"/>), given the sink's SMTP endpoint.</param>
    /// <param name="environment">More <c>AKKAMTA__*</c> variables for every node.</param>
    public static async Task<ClusterProcesses> StartAsync(PostgresFixture postgres, int count = 3, Func<IPEndPoint, string>? policy = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var root = Repository.TempDirectory("cluster");
        var database = await postgres.CreateDatabaseAsync("cluster");
        SinkProcess? sink = null;
        var nodes = new List<ClusterNode>();
        try
        {
            sink = await SinkProcess.StartAsync();
            var policyDir = Path.Combine(root, "policy");
            Directory.CreateDirectory(policyDir);
            await File.WriteAllTextAsync(Path.Combine(policyDir, "init.lua"), (policy ?? SinkPolicy)(sink.Smtp));
            var ports = Enumerable.Range(0, count).Select(_ => (Smtp: FreePort(), Http: FreePort(), Cluster: FreePort())).ToList();
            var seeds = string.Join(',', ports.Take(3).Select(p => $"127.0.0.1:{p.Cluster}"));
            for (var i = 0; i < count; i++)
            {
                var configFile = Path.Combine(Repository.Root, "cluster-config", "loopback-3-node", $"node{Math.Min(i + 1, 3)}.json");
                var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
                {
                    ["AKKAMTA__Smtp__Listen"] = $"127.0.0.1:{ports[i].Smtp}",
                    ["AKKAMTA__Http__Listen"] = $"127.0.0.1:{ports[i].Http}",
                    ["AKKAMTA__Cluster__Port"] = ports[i].Cluster.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["AKKAMTA__Cluster__SeedNodes"] = seeds,
                    ["AKKAMTA__Cluster__NodeName"] = $"node{i + 1}",
                    ["AKKAMTA__Spool__ConnectionString"] = database.ConnectionString,
                    ["AKKAMTA__DataDir"] = Path.Combine(root, $"node{i + 1}"),
                    ["AKKAMTA__Policy__File"] = Path.Combine(policyDir, "init.lua"),
                    ["AKKAMTA__Dns__Servers"] = "127.0.0.1:9",
                    ["AKKAMTA_TOKEN"] = null,
                };
                nodes.Add(new ClusterNode(i, configFile, variables, new IPEndPoint(IPAddress.Loopback, ports[i].Smtp),
                    new Uri($"http://127.0.0.1:{ports[i].Http}"), $"akka.tcp://akka-mta@127.0.0.1:{ports[i].Cluster}"));
            }
            foreach (var node in nodes)
            {
                node.Start();
            }
            await Task.WhenAll(nodes.Select(n => n.WaitUntilListeningAsync()));
            return new ClusterProcesses(root, database, sink, [.. nodes]);
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
            if (sink is not null)
            {
                await sink.DisposeAsync();
            }
            await database.DisposeAsync();
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>SIGKILL to node <paramref name="index"/>: nothing of it runs any more, it leaves no goodbye.</summary>
    public Task KillAsync(int index) => _nodes[index].KillAsync();

    /// <summary>Starts node <paramref name="index"/> again on the same ports and data, and waits until it listens.</summary>
    public async Task RestartAsync(int index)
    {
        _nodes[index].Start();
        await _nodes[index].WaitUntilListeningAsync();
    }

    /// <summary>Waits until every node in <paramref name="among"/> (default: every running node) sees exactly <paramref name="addresses"/> as its members, all Up and reachable, with one leader they agree on.</summary>
    public async Task<JsonObject> WaitForAgreementAsync(IReadOnlyCollection<string> addresses, IReadOnlyList<ClusterNode>? among = null, TimeSpan? deadline = null)
    {
        var nodes = among ?? [.. _nodes.Where(n => n.IsRunning)];
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        var last = "";
        while (true)
        {
            var views = new List<JsonObject>();
            foreach (var node in nodes)
            {
                if (await node.TryMembersAsync() is { } view)
                {
                    views.Add(view);
                }
            }
            if (views.Count == nodes.Count && views.All(v => Agrees(v, addresses)) && views.Select(v => (string?)v["leader"]).Distinct().Count() == 1)
            {
                return views[0];
            }
            last = string.Join(" | ", views.Select(v => v.ToJsonString()));
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"the nodes did not agree on the members {string.Join(", ", addresses)} within {(deadline ?? Deadline).TotalSeconds:0} s; last views: {last}");
            }
            await Task.Delay(250);
        }
    }

    private static bool Agrees(JsonObject view, IReadOnlyCollection<string> addresses)
    {
        var members = view["members"]!.AsArray();
        return members.Count == addresses.Count
            && members.All(m => addresses.Contains((string)m!["address"]!) && (string)m["status"]! == "Up" && (bool)m["reachable"]!);
    }

    public async ValueTask DisposeAsync()
    {
        // All at once: a node left alone after the others stop waits for them to leave.
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
        await Sink.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a process that is going; the temp dir is cleaned up later
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One <c>akka-mta serve</c> process of a <see cref="ClusterProcesses"/>: its endpoints, its HTTP client, its output.</summary>
internal sealed partial class ClusterNode : IAsyncDisposable
{
    private readonly string _configFile;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private ExternalProcess? _process;
    private int _starts;

    public ClusterNode(int index, string configFile, IReadOnlyDictionary<string, string?> environment, IPEndPoint smtp, Uri http, string address)
    {
        Index = index;
        _configFile = configFile;
        _environment = environment;
        Smtp = smtp;
        Http = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };
        Address = address;
    }

    public int Index { get; }

    public IPEndPoint Smtp { get; }

    public HttpClient Http { get; }

    /// <summary>The member address, <c>akka.tcp://akka-mta@127.0.0.1:PORT</c>.</summary>
    public string Address { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the current process printed so far.</summary>
    public string Output => _process?.Output ?? "";

    public ExternalProcess Process => _process ?? throw new InvalidOperationException($"node{Index + 1} is not started");

    internal void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"node{Index + 1} is running");
        }
        _starts++;
        _process = ExternalProcess.Start("dotnet", [AkkaMta.Dll, "serve", "--config", _configFile], environment: _environment);
    }

    internal async Task WaitUntilListeningAsync() =>
        await Process.WaitForLineAsync(l => ReadyLine().IsMatch(l), ClusterProcesses.Deadline, $"node{Index + 1}'s listeners (start {_starts})");

    internal async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync(ClusterProcesses.Deadline, $"node{Index + 1} to die of SIGKILL");
    }

    /// <summary>Waits for the process to exit by itself (after a leave) and returns its exit code.</summary>
    public Task<int> WaitForExitAsync(string what) => Process.WaitForExitAsync(ClusterProcesses.Deadline, what);

    /// <summary>This node's <c>/api/cluster/v1/members</c>, or null when it does not answer (starting, stopped).</summary>
    public async Task<JsonObject?> TryMembersAsync()
    {
        if (!IsRunning)
        {
            return null;
        }
        try
        {
            using var response = await Http.GetAsync("/api/cluster/v1/members");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is not null)
        {
            if (IsRunning)
            {
                // SIGTERM: the node stops the way an operator stops it; the dispose kills it if it hangs.
                _process.SendSignal(ExternalProcess.SigTerm);
                try
                {
                    await _process.WaitForExitAsync(TimeSpan.FromSeconds(30), $"node{Index + 1} to stop on SIGTERM");
                }
                catch (TimeoutException)
                {
                    // killed below
                }
            }
            await _process.DisposeAsync();
        }
    }

    [GeneratedRegex(@"SMTP on (127\.0\.0\.1:\d+), HTTP API on http://(127\.0\.0\.1:\d+)")]
    private static partial Regex ReadyLine();
}
