using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using Akka.Mta.Delivery.Clustering;
using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Egress;
using Akka.Mta.Delivery.Logging;
using Akka.Mta.Delivery.Outcomes;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Delivery.Tests.Reception;
using Akka.Mta.Dns;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Persistence;
using Akka.Mta.Persistence.Sqlite;
using Akka.Mta.Smtp.Sink;
using Akka.Mta.Testing.SmtpServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Delivery.Tests.Delivery;

/// <summary>
/// One node's delivery for a test: a SQLite spool in a temporary directory, the real Lua policy
/// (queue and path settings given as Lua table bodies), the actors, and a real SMTP sink on
/// loopback that every queue routes to by <c>mx_list</c>. Records are collected from the event
/// stream as the TSA would see them; the JSON log files are written too.
/// </summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly string _dir;
    private PolicyDirectory? _policy;
    private AkkaNode? _akka;
    private IPersistenceStore? _store;
    private DeliveryLog? _log;

    private DeliveryHarness(string dir, MailSinkHost sink)
    {
        _dir = dir;
        Sink = sink;
    }

    public MailSinkHost Sink { get; }

    /// <summary>Silent, or on the console with AKKA_MTA_TEST_LOG=1 (to see Akka's and the actors' logs of a failing test).</summary>
    private static ILoggerFactory TestLoggers => Environment.GetEnvironmentVariable("AKKA_MTA_TEST_LOG") == "1"
        ? LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true))
        : NullLoggerFactory.Instance;

    public MtaRuntime Runtime { get; private set; } = null!;

    public ConcurrentQueue<LogRecord> Records { get; } = new();

    public string LogDirectory => Path.Combine(_dir, "logs");

    public string SpoolPath => Path.Combine(_dir, "spool.db");

    /// <param name="queueOptions">Lua table fields added to get_queue_config's answer.</param>
    /// <param name="pathOptions">Lua table fields of get_egress_path_config's answer.</param>
    /// <param name="dnsServer">When given, queues route by MX records from this server (no mx_list) and paths connect to the sink's port.</param>
    /// <param name="shaping">A shaping.toml the policy loads (its automation rules drive the TSA, which runs only then).</param>
    /// <param name="sinkReplies">The sink's reply file (<c>[[reply]]</c> tables).</param>
    public static async Task<DeliveryHarness> StartAsync(string queueOptions = "", string pathOptions = "", IPEndPoint? dnsServer = null,
        string? shaping = null, string? sinkReplies = null, string? postgresState = null, string? policyExtra = null, ILoggerFactory? loggers = null)
    {
        var rules = sinkReplies is null ? ReplyRules.None : ReplyRules.FromToml(sinkReplies, "replies.toml");
        var sink = await MailSinkHost.StartAsync(new MailSinkOptions { Rules = rules });
        var harness = new DeliveryHarness(Path.Combine(Path.GetTempPath(), "akka-mta-delivery-" + Guid.NewGuid().ToString("N")), sink)
        {
            _dnsServer = dnsServer,
            _shaping = shaping,
            _postgresState = postgresState,
            _policyExtra = policyExtra ?? "",
            _loggers = loggers ?? NullLoggerFactory.Instance,
        };
        Directory.CreateDirectory(harness._dir);
        await harness.StartNodeAsync(queueOptions, pathOptions);
        return harness;
    }

    private IPEndPoint? _dnsServer;

    /// <summary>Lua added to the policy after its handlers (log hooks, more events).</summary>
    private string _policyExtra = "";

    private ILoggerFactory _loggers = NullLoggerFactory.Instance;
    private string? _shaping;

    /// <summary>When set, the singletons' state lives in this PostgreSQL database instead of a SQLite file.</summary>
    private string? _postgresState;

    /// <summary>Stops the node (actors, spool) but keeps its directory and the sink: a restart follows.</summary>
    public async Task StopNodeAsync()
    {
        if (_akka is not null)
        {
            await _akka.DisposeAsync();
        }
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        _policy?.Dispose();
        _akka = null;
        _log = null;
        _store = null;
        _policy = null;
    }

    public async Task StartNodeAsync(string queueOptions, string pathOptions)
    {
        var endpoint = Sink.SmtpEndpoint;
        var route = _dnsServer is null ? $"protocol = {{ smtp = {{ mx_list = {{ '{endpoint.Address}:{endpoint.Port}' }} }} }}," : "";
        var port = _dnsServer is null ? "" : $"smtp_port = {endpoint.Port},";
        var load = _shaping is null ? "" : "local shaping = mta.shaping.load { 'shaping.toml' }";
        _policy = new PolicyDirectory($$"""
            local mta = require 'mta'
            {{load}}
            mta.on('get_queue_config', function(domain, tenant, campaign, routing_domain)
              return { {{route}} {{queueOptions}} }
            end)
            mta.on('get_egress_path_config', function(domain, source, site)
              return { enable_tls = 'Disabled', prohibited_hosts = { '192.0.2.0/24' }, {{port}} {{pathOptions}} }
            end)
            {{_policyExtra}}
            """, _shaping is null ? null : new Dictionary<string, string> { ["shaping.toml"] = _shaping });
        // A cluster of one, every entity and singleton message round-tripped through its serializer
        // as if it crossed nodes; the singletons' state in its own SQLite file beside the spool.
        _akka = await AkkaNode.StartAsync(new AkkaNodeOptions
        {
            Name = "delivery-test",
            SerializeMessages = true,
            StateStore = _postgresState is null ? StateStoreProvider.Sqlite : StateStoreProvider.Postgres,
            StateStoreConnectionString = _postgresState ?? $"Data Source={Path.Combine(_dir, "akka.db")}",
        }, TestLoggers);
        var system = _akka.System;
        var collector = system.ActorOf(Props.Create(() => new Collector(Records)));
        system.EventStream.Subscribe(collector, typeof(LogRecord));
        _store = await SqlitePersistence.OpenAsync(new SqliteStoreOptions(SpoolPath));
        _log = new DeliveryLog(system.EventStream, new LogFileWriter(new LogFileOptions(LogDirectory), TimeProvider.System, NullLogger.Instance));
        var dns = new DnsResolver(new DnsResolverOptions { Servers = [_dnsServer ?? new IPEndPoint(IPAddress.Loopback, 9)] });
        var services = new DeliveryServices(new PolicyDeliveryConfig(_policy.Host, NodeEgressConfig.Empty, TimeProvider.System),
            new RouteResolver(new MxResolver(dns), dns), _store, _log, "mta.test", TimeProvider.System, _loggers)
        {
            LogHookPolicy = _policy.Host,
            AmqpTransportFactory = (hook, amqp) => new Akka.Mta.LogHooks.Amqp.AmqpTransport(hook, amqp, _loggers, TimeProvider.System),
        };
        Runtime = await MtaRuntime.StartAsync(system, services);
        if (_shaping is not null)
        {
            var loader = _policy.Shaping;
            Runtime.StartAutomation(() => loader.LastModel);
        }
    }

    public Task SubmitAsync(params string[] recipients) =>
        Runtime.SubmitAsync(recipients.Select(r => Message(r)).ToList(), CancellationToken.None);

    public static InboundMessage Message(string recipient, string? tenant = null, string sender = "sender@example.org")
    {
        var body = System.Text.Encoding.ASCII.GetBytes($"From: {sender}\r\nTo: {recipient}\r\nSubject: test\r\n\r\nHello.\r\n");
        var meta = new Dictionary<string, System.Text.Json.Nodes.JsonNode?>();
        if (tenant is not null)
        {
            meta["tenant"] = tenant;
        }
        return new InboundMessage(sender, recipient, body, meta, "ESMTP");
    }

    public List<LogRecord> OfType(LogRecordType type) => Records.Where(r => r.Type == type).ToList();

    /// <summary>Waits for <paramref name="count"/> records of <paramref name="type"/>; a timeout names the records there are then.</summary>
    public async Task WaitForAsync(LogRecordType type, int count, TimeSpan? deadline = null)
    {
        try
        {
            await Eventually.HoldsAsync(() => OfType(type).Count >= count, $"{count} {type} records", deadline ?? TimeSpan.FromSeconds(60));
        }
        catch (Xunit.Sdk.FailException e)
        {
            Assert.Fail($"{e.Message} (have: {Summary()})");
        }
    }

    public string Summary() => string.Join(", ", Records.GroupBy(r => r.Type).Select(g => $"{g.Count()} {g.Key}"));

    public async Task<int> SpoolCountAsync(string? queue = null)
    {
        var count = 0;
        await foreach (var entry in _store!.Spool.EnumerateAllAsync())
        {
            count += queue is null || entry.Schedule.Queue == queue ? 1 : 0;
        }
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await StopNodeAsync();
        await Sink.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(ConcurrentQueue<LogRecord> records) => Receive<LogRecord>(records.Enqueue);
    }
}
