using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Mta.Core.Logging;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Automation;
using Akka.Mta.Delivery.Clustering;
using Akka.Mta.Delivery.Queueing;
using Akka.Serialization;

namespace Akka.Mta.Delivery.Tests.Clustering;

/// <summary>
/// Every message that crosses nodes or is persisted is serialized by the project's serializer,
/// through Akka's serialization bindings, and round-trips; a project type without a binding fails.
/// </summary>
public sealed class SerializationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private readonly ActorSystem _system = ActorSystem.Create("serialization", AkkaSetup.Serialization());

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Fact]
    public void EveryMessageType_HasASample_IsBoundToTheProjectSerializer_AndRoundTrips()
    {
        var samples = Samples().ToList();
        var problems = new List<string>();
        foreach (var type in MessageTypes.All.Where(t => samples.All(s => s.GetType() != t)).OrderBy(t => t.FullName))
        {
            problems.Add($"no sample for {type.FullName}");
        }
        foreach (var sample in samples)
        {
            var serializer = _system.Serialization.FindSerializerFor(sample);
            if (serializer is not MtaJsonSerializer json)
            {
                problems.Add($"{sample.GetType().FullName} is serialized by {serializer.GetType().Name}");
                continue;
            }
            var bytes = json.ToBinary(sample);
            var copy = _system.Serialization.Deserialize(bytes, json.Identifier, json.Manifest(sample));
            if (copy.GetType() != sample.GetType() || !bytes.AsSpan().SequenceEqual(json.ToBinary(copy)))
            {
                problems.Add($"{sample.GetType().FullName} does not round-trip: {System.Text.Encoding.UTF8.GetString(bytes)}");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void AProjectTypeWithoutABinding_IsRefused_NamingIt()
    {
        var serializer = _system.Serialization.FindSerializerFor(new Unbound("x"));

        Assert.IsType<UnboundTypeGuard>(serializer);
        var e = Assert.Throws<SerializationException>(() => serializer.ToBinary(new Unbound("x")));
        Assert.Contains(typeof(Unbound).FullName!, e.Message);
    }

    [Fact]
    public void AkkasOwnTypes_StillSerialize_ThroughTheFallback()
    {
        var identify = new Identify("id-1");
        var serializer = _system.Serialization.FindSerializerFor(identify);
        var copy = (Identify)_system.Serialization.Deserialize(serializer.ToBinary(identify), serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, identify));

        Assert.Equal("id-1", copy.MessageId);
    }

    [Fact]
    public void AnUnknownManifest_IsAnErrorNamingIt()
    {
        var serializer = (MtaJsonSerializer)_system.Serialization.FindSerializerFor(new GetTsaStatus());

        var e = Assert.Throws<SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "Akka.Mta.Nowhere.Message"));
        Assert.Contains("Akka.Mta.Nowhere.Message", e.Message);
    }

    private sealed record Unbound(string Value);

    private static IEnumerable<object> Samples()
    {
        var message = new QueuedMessage("01J", "s@example.org", "r@example.com", "acme@example.com", T0, 1, T0.AddMinutes(5), 1234, "{\"tenant\":\"acme\"}") { Epoch = 7 };
        var criteria = new QueueCriteria { Tenant = "acme", QueueNames = ["acme@example.com"] };
        var suspension = new QueueSuspension("s1", "on hold", T0, criteria);
        var bounce = new AdminBounce("b1", "abuse", T0, criteria, SuppressLogging: true);
        var path = new PathSuspension("p1", "ip-1->mx.example.com@smtp_client", "slow down", T0);
        var pause = new SenderPause("news.example", "mx.example.com", "5.7.26", T0);
        var controls = new AdminControls([suspension], [bounce], [path], [pause]);
        var queueState = new ScheduledQueueState("acme@example.com", 3, 1, 2, T0) { DelayedByRate = 4, DelayedByReadyFull = 5, Offered = 6, Epoch = 7 };
        var pathState = new EgressPathState(path.Name, 2, 1, 1, 0, "slow", T0) { Overrides = 1, ConnectionLimit = 2, ProviderName = "yahoo", ReadyFull = 7 };

        // Scheduled queues and egress paths.
        yield return new EnqueueMessages([message]);
        yield return StopQueue.Instance;
        yield return new WakeQueue(AfterLoss: true);
        yield return new MessageFinished("01J");
        yield return new OwnershipLost(message);
        yield return StopPath.Instance;
        yield return new RequeueMessage(message, CountsAsAttempt: true, T0);
        yield return new PathHasRoom(path.Name);
        yield return new ReturnedFromPath(path.Name, [message], "suspended", T0);
        yield return new GetScheduledQueueState();
        yield return new RebindMessages("{\"tenant\":\"vip\"}", "move", AlwaysFlush: true, SuppressLogging: false);
        yield return queueState;
        yield return new GetScheduledQueueDetail(5);
        yield return new ScheduledQueueDetail(queueState, "{\"max_age\":\"7d\"}", [message], T0);
        yield return new OfferMessages("acme@example.com", new DeliveryRoute("example.com", "example.com", [new Shaping.Options.MxListEntry("mx.example.com", "127.0.0.1")]), "pool", [message]);
        yield return new GetEgressPathState();
        yield return pathState;
        yield return new GetEgressPathDetail();
        yield return new EgressPathDetail(pathState, "p1", "pool", "{}", "{}", ["mx.example.com [127.0.0.1]"],
            [new ConnectionView("idle", T0, 3)], ["acme@example.com"], new PathCondition("connection_limit 2", T0), null);
        yield return new SetEgressPathOverrides("{\"connection_limit\":1}", "TS04", T0);
        yield return new AdjustEgressPathOption("max_message_rate", 50, 10, TimeSpan.FromMinutes(5), 10, "slow down");

        // Automation.
        yield return new GetTsaStatus();
        yield return new TsaStatus(3, 4, [new TsaEffectView("Suspend", path.Name, "rule-1", "TS04", T0, T0.AddHours(1), null)], "[x]", Unsaved: true);
        yield return new LogRecord
        {
            Type = LogRecordType.TransientFailure,
            Id = "01J",
            Sender = "s@example.org",
            Recipient = "r@example.com",
            Queue = "acme@example.com",
            Site = path.Name,
            Response = LogResponse.From(SmtpResponse.Internal(451, new EnhancedStatusCode(4, 7, 0), "[TS04] try later")),
            EventTime = T0,
            CreatedTime = T0,
            NumAttempts = 1,
        };

        // Admin controls.
        yield return new WatchQueueControls("acme@example.com");
        yield return new QueueControlsInForce([suspension], [bounce]);
        yield return new WatchPathControls(path.Name);
        yield return new PathControlsInForce(path, [bounce], [pause]);
        yield return new BouncesCounted("b1", "acme@example.com", 3);
        yield return new AddQueueSuspension(suspension);
        yield return new AddBounce(bounce);
        yield return new AddPathSuspension(path);
        yield return new AddSenderPause(pause);
        yield return new RemoveControl(ControlKind.Bounce, "b1");
        yield return new ControlChanged(true);
        yield return new RebindQueues(criteria, "{\"tenant\":\"vip\"}", "move", AlwaysFlush: true, SuppressLogging: false);
        yield return new RebindStarted(2);
        yield return new GetAdminControls();
        yield return new AdminControlsView(controls, new Dictionary<string, Dictionary<string, long>> { ["b1"] = new() { ["acme@example.com"] = 3 } });
        yield return new GetRunningEntities();
        yield return new RunningEntities(["acme@example.com"], [path.Name]);

        // Persisted events.
        yield return new AdminControlsSaved(controls);

        // Cluster management: the policy reload told to every member.
        yield return new ReloadPolicy(AllowDroppedHandlers: true);
        yield return new PolicyReloaded("127.0.0.1:4052", 3, "refused", "ab12", "init.lua:4: dropped", ["get_queue_config"]);
        yield return new TsaStateSaved("{\"counters\":[]}"u8.ToArray());
    }
}
