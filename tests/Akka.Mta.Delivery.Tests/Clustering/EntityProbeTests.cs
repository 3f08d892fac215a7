using System.Net;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Mta.Core;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Clustering;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Egress;
using Akka.Mta.Delivery.Logging;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Delivery.Tests.Reception;
using Akka.Mta.Dns;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Persistence;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Persistence.Sqlite;
using Akka.Mta.Smtp.Sink;
using Akka.Mta.Testing.SmtpServer;
using Akka.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Delivery.Tests.Clustering;

/// <summary>
/// The two entities alone under Akka.TestKit: probes stand in for the shard regions and the
/// admin-controls singleton, a real SMTP sink for the receiving server (STYLE.md, level 2).
/// </summary>
public sealed class EntityProbeTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly Config TestConfig = ConfigurationFactory.ParseString("akka.actor.serialize-messages = on")
        .WithFallback(AkkaSetup.Serialization(verifyingEveryMessage: true));

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "akka-mta-probes-" + Guid.NewGuid().ToString("N"));
    private readonly TestProbe _queues;
    private readonly TestProbe _paths;
    private readonly TestProbe _controls;
    private MailSinkHost _sink = null!;
    private PolicyDirectory _policy = null!;
    private IPersistenceStore _store = null!;
    private DeliveryServices _services = null!;

    public EntityProbeTests() : base(TestConfig, "probes")
    {
        _queues = CreateTestProbe("queues");
        _paths = CreateTestProbe("paths");
        _controls = CreateTestProbe("admin-controls");
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _sink = await MailSinkHost.StartAsync(new MailSinkOptions());
        var endpoint = _sink.SmtpEndpoint;
        _policy = new PolicyDirectory($$"""
            local mta = require 'mta'
            mta.on('get_queue_config', function(domain, tenant, campaign, routing_domain)
              return { protocol = { smtp = { mx_list = { '{{endpoint.Address}}:{{endpoint.Port}}' } } } }
            end)
            mta.on('get_egress_path_config', function(domain, source, site)
              return { enable_tls = 'Disabled', prohibited_hosts = { '192.0.2.0/24' }, connection_limit = 2 }
            end)
            """);
        _store = await SqlitePersistence.OpenAsync(new SqliteStoreOptions(Path.Combine(_dir, "spool.db")));
        var dns = new DnsResolver(new DnsResolverOptions { Servers = [new IPEndPoint(IPAddress.Loopback, 9)] });
        _services = new DeliveryServices(new PolicyDeliveryConfig(_policy.Host, NodeEgressConfig.Empty, TimeProvider.System),
            new RouteResolver(new MxResolver(dns), dns), _store, new DeliveryLog(Sys.EventStream, null), "mta.test", TimeProvider.System,
            NullLoggerFactory.Instance)
        {
            Queues = _queues,
            Paths = _paths,
            AdminControls = _controls,
        };
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _sink.DisposeAsync();
        _policy.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string PathName => $"unspecified->mx_list:{_sink.SmtpEndpoint}@smtp_client";

    [Fact]
    public void Queue_AsksTheControlsFirst_ThenOffersItsDueMessagesToItsPath()
    {
        var queue = Sys.ActorOf(Props.Create(() => new ScheduledQueueActor("example.com", _services)));
        queue.Tell(new EnqueueMessages([Message("a@example.com"), Message("b@example.com")]));

        // Nothing is offered before the admin controls answer.
        _controls.ExpectMsg<WatchQueueControls>(w => w.Queue == "example.com");
        _paths.ExpectNoMsg(TimeSpan.Zero);
        _controls.Reply(new QueueControlsInForce([], []));

        var envelope = _paths.ExpectMsg<ShardingEnvelope>(TimeSpan.FromSeconds(10));
        Assert.Equal(PathName, envelope.EntityId);
        var offer = Assert.IsType<OfferMessages>(envelope.Message);
        Assert.Equal("example.com", offer.Queue);
        Assert.Equal(["a@example.com", "b@example.com"], offer.Messages.Select(m => m.Recipient).Order());
    }

    [Fact]
    public async Task Queue_SuspendedByTheControls_OffersNothing_AndCountsTheAttempt()
    {
        var queue = Sys.ActorOf(Props.Create(() => new ScheduledQueueActor("example.com", _services)));
        _controls.ExpectMsg<WatchQueueControls>();
        var suspension = new QueueSuspension("s1", "on hold", DateTimeOffset.UtcNow.AddHours(1), new QueueCriteria { Domain = "example.com" });
        _controls.Reply(new QueueControlsInForce([suspension], []));

        queue.Tell(new EnqueueMessages([Message("a@example.com")]));

        // The queue promotes once it has claimed its queue in the spool (asynchronously): then the suspended message is no longer due.
        var state = await Eventually.ValueAsync(async () => await queue.Ask<ScheduledQueueState>(new GetScheduledQueueState(), TimeSpan.FromSeconds(10)) is { Epoch: > 0, Due: 0 } s ? s : null,
            "the queue claimed and the suspension applied", TimeSpan.FromSeconds(60));
        Assert.Equal(1, state.Scheduled);
        _paths.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Queue_StoppedWithMailThatArrivedAfterItsReap_SendsTheMailBackThroughTheRegion()
    {
        // The shard is the queue's parent: it sends the stop message after the queue asked to be reaped.
        var shard = CreateTestProbe("shard");
        var queue = shard.ChildActorOf(Props.Create(() => new ScheduledQueueActor("example.com", _services)));
        Watch(queue);
        _controls.ExpectMsg<WatchQueueControls>();
        _controls.Reply(new QueueControlsInForce([], []));
        var later = Message("late@example.com") with { Due = DateTimeOffset.UtcNow.AddHours(1) };

        // In the mailbox before the shard began to buffer for the stopping queue.
        queue.Tell(new EnqueueMessages([later]));
        queue.Tell(StopQueue.Instance, shard);

        var envelope = _queues.ExpectMsg<ShardingEnvelope>(TimeSpan.FromSeconds(10));
        Assert.Equal("example.com", envelope.EntityId);
        Assert.Equal([later], Assert.IsType<EnqueueMessages>(envelope.Message).Messages);
        ExpectTerminated(queue, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Path_NeverOpensMoreThanConnectionLimit_AndDeliversEverything()
    {
        var messages = Enumerable.Range(0, 30).Select(i => Message($"r{i}@example.com")).ToList();
        foreach (var message in messages)
        {
            await _store.Spool.StoreAsync(Spooled(message));
        }
        var path = Sys.ActorOf(Props.Create(() => new EgressPathActor(PathName, _services)));
        _controls.ExpectMsg<WatchPathControls>(w => w.Path == PathName);
        _controls.Reply(new PathControlsInForce(null, [], []));

        path.Tell(new OfferMessages("example.com", Route(), "unspecified", messages));

        await AwaitConditionAsync(() => Task.FromResult(_sink.Stats.Messages == messages.Count), TimeSpan.FromSeconds(60));
        Assert.InRange(_sink.Stats.PeakConcurrentConnections, 1, 2);
        Assert.True(_sink.Stats.Connections >= 1);
    }

    [Fact]
    public void SuspendedPath_HandsOfferedMessagesBackToTheirQueue_UntilTheSuspensionEnds()
    {
        var path = Sys.ActorOf(Props.Create(() => new EgressPathActor(PathName, _services)));
        _controls.ExpectMsg<WatchPathControls>();
        var until = DateTimeOffset.UtcNow.AddHours(1);
        _controls.Reply(new PathControlsInForce(new PathSuspension("p1", PathName, "blocked", until), [], []));

        var message = Message("a@example.com");
        path.Tell(new OfferMessages("example.com", Route(), "unspecified", [message]));

        var envelope = _queues.ExpectMsg<ShardingEnvelope>(TimeSpan.FromSeconds(10));
        Assert.Equal("example.com", envelope.EntityId);
        var returned = Assert.IsType<ReturnedFromPath>(envelope.Message);
        Assert.Equal([message.Id], returned.Messages.Select(m => m.Id));
        Assert.Equal(until, returned.Until);
        Assert.Contains("blocked", returned.Reason);
        Assert.Equal(0, _sink.Stats.Connections);
    }

    /// <summary>The route a queue of example.com hands its path: the policy's mx_list (the sink).</summary>
    private DeliveryRoute Route() => new("example.com", "example.com",
        (_services.Config.GetQueueConfig(Core.Queues.ScheduledQueueName.Parse("example.com")).Protocol as Shaping.Options.SmtpProtocol)!.MxList);

    private static QueuedMessage Message(string recipient)
    {
        var now = DateTimeOffset.UtcNow;
        return new QueuedMessage(SpoolId.New(TimeProvider.System).ToString(), "sender@example.org", recipient, "example.com", now, 0, now, 64, "{}");
    }

    private static SpoolMessage Spooled(QueuedMessage message) => new(SpoolId.Parse(message.Id),
        new SpoolEnvelope(message.Sender, [message.Recipient]), new SpoolSchedule(message.Queue, message.Due, 0), "{}",
        System.Text.Encoding.ASCII.GetBytes($"From: {message.Sender}\r\nTo: {message.Recipient}\r\nSubject: probe\r\n\r\nHello.\r\n"));
}
