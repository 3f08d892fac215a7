using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Mta.Delivery;
using Akka.Mta.Delivery.Clustering;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// What the cluster management API shows, read from this node's <see cref="global::Akka.Cluster.Cluster"/>: the members
/// (with the time this node first saw each one Up), the shards and entities of the two entity types
/// on every member (GetClusterShardingStats, then GetShardRegionState of each region), and where the
/// singletons run (the oldest Up member, confirmed by asking it). Every answer from another node has
/// a deadline; a member that does not answer in time is shown without its detail.
/// </summary>
internal sealed class ClusterView
{
    public static readonly IReadOnlyList<string> SingletonNames = ["tsa", "admin-controls"];
    private static readonly TimeSpan AskWithin = TimeSpan.FromSeconds(5);

    private readonly ActorSystem _system;
    private readonly global::Akka.Cluster.Cluster _cluster;
    private readonly MtaRuntime _runtime;
    private readonly ConcurrentDictionary<UniqueAddress, DateTimeOffset> _upSince = new();

    public ClusterView(ActorSystem system, MtaRuntime runtime, string nodeName, TimeProvider time)
    {
        _system = system;
        _cluster = global::Akka.Cluster.Cluster.Get(system);
        _runtime = runtime;
        NodeName = nodeName;
        system.ActorOf(Props.Create(() => new UpTimes(_upSince, time)), "cluster-view-up-times");
    }

    /// <summary>This node's name (log records' <c>nodeid</c>, the metrics' <c>node</c> label).</summary>
    public string NodeName { get; }

    public Address Self => _cluster.SelfAddress;

    /// <summary><c>{self, node, leader, members: [{address, status, roles, up_since, reachable}]}</c>.</summary>
    public JsonObject Members()
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        return new JsonObject
        {
            ["self"] = Self.ToString(),
            ["node"] = NodeName,
            ["leader"] = state.Leader?.ToString(),
            ["members"] = new JsonArray([.. state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).Select(m => (JsonNode?)new JsonObject
            {
                ["address"] = m.Address.ToString(),
                ["status"] = m.Status.ToString(),
                ["roles"] = new JsonArray([.. m.Roles.Order(StringComparer.Ordinal).Select(r => (JsonNode?)r)]),
                ["up_since"] = m.Status == MemberStatus.Up && _upSince.TryGetValue(m.UniqueAddress, out var since) ? since.ToString("O") : null,
                ["reachable"] = !unreachable.Contains(m.UniqueAddress),
            })]),
        };
    }

    /// <summary>Whether <paramref name="address"/> is a member now.</summary>
    public bool IsMember(Address address) => _cluster.State.Members.Any(m => m.Address.Equals(address));

    /// <summary>Graceful leave of a member (Cluster.Leave): its shards and singletons are handed off, then it stops.</summary>
    public void Leave(Address address) => _cluster.Leave(address);

    /// <summary>Per entity type: every region, its shards and their entity ids.</summary>
    public async Task<JsonObject> ShardsAsync(CancellationToken cancellationToken)
    {
        var answer = new JsonObject();
        foreach (var (type, region) in new[] { (MtaRuntime.QueueTypeName, _runtime.Services.Queues), (MtaRuntime.PathTypeName, _runtime.Services.Paths) })
        {
            answer[type] = await RegionsAsync(region, cancellationToken).ConfigureAwait(false);
        }
        return answer;
    }

    private async Task<JsonNode> RegionsAsync(IActorRef region, CancellationToken cancellationToken)
    {
        ClusterShardingStats stats;
        try
        {
            stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(AskWithin), AskWithin + TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or TimeoutException)
        {
            return new JsonObject { ["error"] = $"the shard coordinator did not answer within {AskWithin.TotalSeconds:0} s" };
        }
        var path = region.Path.ToStringWithoutAddress();
        var regions = await Task.WhenAll(stats.Regions.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal).Select(async r =>
        {
            var entities = await RegionStateAsync(r.Key, path, cancellationToken).ConfigureAwait(false);
            return (JsonNode?)new JsonObject
            {
                ["address"] = r.Key.ToString(),
                ["shards"] = new JsonArray([.. r.Value.Stats.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (JsonNode?)new JsonObject
                {
                    ["id"] = s.Key,
                    ["entity_count"] = s.Value,
                    ["entities"] = entities?.TryGetValue(s.Key, out var ids) == true ? new JsonArray([.. ids.Order(StringComparer.Ordinal).Select(id => (JsonNode?)id)]) : null,
                })]),
                ["failed"] = new JsonArray([.. r.Value.Failed.Order(StringComparer.Ordinal).Select(f => (JsonNode?)f)]),
            };
        })).ConfigureAwait(false);
        return new JsonObject { ["regions"] = new JsonArray(regions) };
    }

    /// <summary>Entity ids by shard of the region at <paramref name="address"/>; null when it does not answer in time.</summary>
    private async Task<Dictionary<string, IReadOnlyCollection<string>>?> RegionStateAsync(Address address, string path, CancellationToken cancellationToken)
    {
        try
        {
            var state = await _system.ActorSelection(address + path)
                .Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskWithin, cancellationToken).ConfigureAwait(false);
            return state.Shards.ToDictionary(s => s.ShardId, s => (IReadOnlyCollection<string>)[.. s.EntityIds], StringComparer.Ordinal);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary><c>{singletons: [{name, oldest_up, running_on}]}</c>: where each should run and where it answers.</summary>
    public async Task<JsonObject> SingletonsAsync(CancellationToken cancellationToken)
    {
        var up = _cluster.State.Members.Where(m => m.Status == MemberStatus.Up).ToList();
        var oldest = up.Count == 0 ? null : up.Aggregate((a, b) => b.IsOlderThan(a) ? b : a);
        var list = await Task.WhenAll(SingletonNames.Select(async name => (JsonNode?)new JsonObject
        {
            ["name"] = name,
            ["oldest_up"] = oldest?.Address.ToString(),
            ["running_on"] = (await RunningOnAsync(name, up, cancellationToken).ConfigureAwait(false))?.ToString(),
        })).ConfigureAwait(false);
        return new JsonObject { ["singletons"] = new JsonArray(list) };
    }

    /// <summary>The member whose singleton manager has the singleton child (asked of every Up member at once).</summary>
    private async Task<Address?> RunningOnAsync(string name, IReadOnlyList<Member> members, CancellationToken cancellationToken)
    {
        var asks = members.Select(async m =>
        {
            try
            {
                var identity = await _system.ActorSelection($"{m.Address}/user/{name}/singleton")
                    .Ask<ActorIdentity>(new Identify(name), AskWithin, cancellationToken).ConfigureAwait(false);
                return identity.Subject is null ? null : m.Address;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or TimeoutException)
            {
                return null;
            }
        });
        return (await Task.WhenAll(asks).ConfigureAwait(false)).FirstOrDefault(a => a is not null);
    }

    /// <summary>Asks <see cref="PolicyReloadActor"/> on every other Up member to reload; a member that does not answer in time is listed with an error.</summary>
    public async Task<IReadOnlyList<(string Address, PolicyReloaded? Answer, string? Problem)>> ReloadOthersAsync(bool allowDroppedHandlers, CancellationToken cancellationToken)
    {
        var others = _cluster.State.Members.Where(m => m.Status == MemberStatus.Up && !m.Address.Equals(Self)).ToList();
        var asks = others.Select(async m =>
        {
            try
            {
                var answer = await _system.ActorSelection(m.Address + PolicyReloadActor.Path)
                    .Ask<PolicyReloaded>(new ReloadPolicy(allowDroppedHandlers), AskWithin * 2, cancellationToken).ConfigureAwait(false);
                return (m.Address.ToString(), (PolicyReloaded?)answer, (string?)null);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or TimeoutException)
            {
                return (m.Address.ToString(), null, $"did not answer within {(AskWithin * 2).TotalSeconds:0} s");
            }
        });
        return await Task.WhenAll(asks).ConfigureAwait(false);
    }

    /// <summary>Records when this node first sees each member Up (members already Up when it joined: the time it joined).</summary>
    private sealed class UpTimes : ReceiveActor
    {
        public UpTimes(ConcurrentDictionary<UniqueAddress, DateTimeOffset> upSince, TimeProvider time)
        {
            Receive<ClusterEvent.MemberUp>(e => upSince.TryAdd(e.Member.UniqueAddress, time.GetUtcNow()));
            Receive<ClusterEvent.MemberRemoved>(e => upSince.TryRemove(e.Member.UniqueAddress, out _));
            Receive<ClusterEvent.IMemberEvent>(_ => { });
            Receive<ClusterEvent.CurrentClusterState>(_ => { });
        }

        protected override void PreStart() =>
            global::Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));

        protected override void PostStop() => global::Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
