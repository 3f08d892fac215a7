using System.Net;
using Akka.Mta.Core.Queues;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Core.Throttling;
using Akka.Mta.Delivery.Egress;
using Akka.Mta.Delivery.Outcomes;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Policy.Options;
using Akka.Mta.Shaping.Options;
using Microsoft.Extensions.Time.Testing;

namespace Akka.Mta.Delivery.Tests.Delivery;

/// <summary>The pure pieces behind the entities: retry schedule, source rotation, connection curve, limits, classification, routing text.</summary>
public sealed class PureDeliveryLogicTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 40)]
    [InlineData(3, 80)]
    [InlineData(5, 240)] // 320 capped at max_retry_interval = 4h
    public void Retry_DoublesFromRetryInterval_CappedByMaxRetryInterval(int attempts, int minutes)
    {
        var config = new QueueConfig { RetryInterval = TimeSpan.FromMinutes(20), MaxRetryInterval = TimeSpan.FromHours(4), MaxAge = TimeSpan.FromDays(7) };

        var decision = Assert.IsType<RetryDecision.Retry>(RetrySchedule.AfterFailure(config, T0, attempts, T0, new Random(1)));

        // Jitter is within +-min(retry_interval/20, 60 s)/2 = +-30 s.
        Assert.InRange(decision.Due - T0, TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Retry_PastMaxAge_Expires_WithKumoMtasWording()
    {
        var config = new QueueConfig { RetryInterval = TimeSpan.FromMinutes(20), MaxAge = TimeSpan.FromHours(1) };

        var decision = Assert.IsType<RetryDecision.Expire>(RetrySchedule.AfterFailure(config, T0, 2, T0.AddMinutes(30), new Random(1)));

        Assert.Contains("exceeds max_age=1h", decision.Reason);
    }

    [Fact]
    public void Retry_AfterManyAttempts_ExpiresInsteadOfOverflowing()
    {
        var config = new QueueConfig { RetryInterval = TimeSpan.FromMinutes(20), MaxAge = TimeSpan.FromDays(7) };

        Assert.IsType<RetryDecision.Expire>(RetrySchedule.AfterFailure(config, T0, 500, T0, new Random(1)));
    }

    [Fact]
    public void WeightedRoundRobin_PicksInProportion_Interleaved_AndSkipsWeightZero()
    {
        var wrr = new WeightedRoundRobin([new EgressPoolEntry("a", 3), new EgressPoolEntry("b", 1), new EgressPoolEntry("never", 0)]);

        var picks = Enumerable.Range(0, 400).Select(_ => wrr.Next()).ToList();

        Assert.Equal(300, picks.Count(p => p == "a"));
        Assert.Equal(100, picks.Count(p => p == "b"));
        Assert.DoesNotContain("never", picks);
        Assert.Equal(["a", "a", "a", "b"], picks.Take(4).Order());
    }

    [Fact]
    public void WeightedRoundRobin_EqualWeights_Alternate_AndAnEmptyPoolGivesNull()
    {
        var wrr = new WeightedRoundRobin([new EgressPoolEntry("a", 2), new EgressPoolEntry("b", 2)]);
        Assert.Equal(["a", "b", "a", "b"], Enumerable.Range(0, 4).Select(_ => wrr.Next()));
        Assert.Null(new WeightedRoundRobin([new EgressPoolEntry("x", 0)]).Next());
    }

    [Theory]
    [InlineData(32, 0, 0)]
    [InlineData(32, 1, 1)]
    [InlineData(32, 10, 7)]
    [InlineData(32, 100, 29)]
    [InlineData(32, 1000, 32)]
    [InlineData(3, 2, 1)]
    [InlineData(1, 500, 1)]
    public void ConnectionCurve_FollowsTheBacklog_NeverAboveTheLimit(long limit, int queued, int expected) =>
        Assert.Equal(expected, ConnectionPlan.Desired(limit, queued));

    [Fact]
    public void SharedLimits_TakeEveryLeaseOrNone()
    {
        var limits = new SharedLimits(new FakeTimeProvider(T0));
        List<(string, long)> path = [("path", 2), ("provider", 3)];
        List<(string, long)> other = [("other", 5), ("provider", 3)];

        Assert.True(limits.TryAcquire(path));
        Assert.True(limits.TryAcquire(path));
        Assert.False(limits.TryAcquire(path)); // path at 2
        Assert.True(limits.TryAcquire(other)); // provider now at 3
        Assert.False(limits.TryAcquire(other)); // provider full: "other" must not be taken either
        Assert.Equal(1, limits.Held("other"));

        limits.Release(path);
        Assert.True(limits.TryAcquire(other));
        Assert.Equal(3, limits.Held("provider"));
    }

    [Fact]
    public void SharedLimits_Throttle_SpacesEventsEvenly_AfterItsBurst()
    {
        var time = new FakeTimeProvider(T0);
        var limits = new SharedLimits(time);
        List<(string, ThrottleSpec)> throttles = [("rate", ThrottleSpec.Parse("7200/h,max_burst=1"))];

        Assert.Equal(TimeSpan.Zero, limits.TryPass(throttles));
        Assert.Equal(TimeSpan.FromMilliseconds(500), limits.TryPass(throttles));
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(TimeSpan.Zero, limits.TryPass(throttles));
    }

    [Theory]
    [InlineData(550, "5.1.1", "user unknown", "InvalidRecipient")]
    [InlineData(552, "5.2.2", "mailbox full", "QuotaIssues")]
    [InlineData(554, "5.7.1", "Service unavailable; client host blocked using Spamhaus", "SpamBlock")]
    [InlineData(550, "5.7.26", "Unauthenticated email is not accepted from this domain", "PolicyRelated")]
    [InlineData(550, "5.7.1", "Relaying denied", "RelayDenied")]
    [InlineData(554, "5.4.7", "delivery time expired", "MessageExpired")]
    [InlineData(451, "4.4.1", "no answer", "NoAnswerFromHost")]
    [InlineData(550, null, "Message rejected as spam", "SpamContent")]
    [InlineData(550, null, "no idea", "Uncategorized")]
    public void BounceClassifier_NamesTheReason(int code, string? enhanced, string text, string expected) =>
        Assert.Equal(expected, BounceClassifier.Classify(new SmtpResponse(code, enhanced is null ? null : EnhancedStatusCode.Parse(enhanced), text)));

    /// <summary>Temporary replies get the class KumoMTA's classifier (its IANA rules file) gives them.</summary>
    [Theory]
    [InlineData(451, "4.3.0", "Temporary local problem, try again later", "Uncategorized")]
    [InlineData(421, "4.3.2", "Service not available, closing transmission channel", "Uncategorized")]
    [InlineData(452, "4.3.1", "Insufficient system storage", "QuotaIssues")]
    [InlineData(451, "4.4.5", "Congestion, try later", "TransientFailure")]
    [InlineData(421, "4.4.2", "Connection dropped", "BadConnection")]
    [InlineData(451, "4.4.3", "Directory server failure", "DNSFailure")]
    [InlineData(451, "4.4.4", "KumoMTA internal: ready queue suspended", "RoutingErrors")]
    [InlineData(451, "4.1.1", "mailbox unavailable", "InvalidRecipient")]
    [InlineData(450, "4.2.1", "mailbox disabled", "InactiveMailbox")]
    [InlineData(452, "4.5.3", "Too many recipients", "ProtocolErrors")]
    [InlineData(421, "4.7.0", "Try again later", "Uncategorized")]
    [InlineData(450, "4.7.1", "Client host rejected: blocked using zen.spamhaus.org", "SpamBlock")]
    public void BounceClassifier_OfTemporaryReplies_FollowsKumoMtasRules(int code, string enhanced, string text, string expected) =>
        Assert.Equal(expected, BounceClassifier.Classify(new SmtpResponse(code, EnhancedStatusCode.Parse(enhanced), text)));

    [Theory]
    [InlineData("mx.example.com", "mx.example.com", null)]
    [InlineData("mx.example.com:2525", "mx.example.com", 2525)]
    [InlineData("127.0.0.1:2026", "127.0.0.1", 2026)]
    [InlineData("[127.0.0.1]", "[127.0.0.1]", null)]
    [InlineData("[::1]:25", "[::1]", 25)]
    [InlineData("::1", "::1", null)]
    [InlineData("host:notaport", "host:notaport", null)]
    public void MxListEntries_SplitIntoHostAndPort(string entry, string host, int? port) =>
        Assert.Equal((host, port), RouteResolver.SplitHostPort(entry));

    [Fact]
    public async Task MxList_OfAddresses_IsARoute_WithoutAnyDnsLookup()
    {
        var routes = new RouteResolver(new Dns.Mx.MxResolver(new NoDns()), new NoDns());

        var route = await routes.ResolveAsync("example.com", new SmtpProtocol([new MxListEntry("127.0.0.1:2026"), new MxListEntry("[::1]:2027")]));

        Assert.True(route.IsResolved);
        Assert.Equal("mx_list:127.0.0.1:2026,[::1]:2027", route.Site);
        Assert.Equal([(IPAddress.Loopback, (int?)2026), (IPAddress.IPv6Loopback, 2027)], route.Targets.Select(t => (t.Address, t.Port)));
    }

    [Fact]
    public void QueueCriteria_AbsentFieldsMatchAnything()
    {
        var queue = ScheduledQueueName.Parse("spring:acme@example.com!relay.example");

        Assert.True(QueueCriteria.Any.Matches(queue));
        Assert.True(new QueueCriteria { Tenant = "acme", Domain = "EXAMPLE.com" }.Matches(queue));
        Assert.True(new QueueCriteria { RoutingDomain = "relay.example", Campaign = "spring" }.Matches(queue));
        Assert.False(new QueueCriteria { Tenant = "other" }.Matches(queue));
        Assert.False(new QueueCriteria { QueueNames = ["acme@example.com"] }.Matches(queue));
    }

    [Fact]
    public void QueueControls_InForce_IsTheFirstUnexpiredMatch()
    {
        var acme = ScheduledQueueName.Parse("acme@example.com");
        var tenant = new QueueCriteria { Tenant = "acme" };
        IReadOnlyList<QueueSuspension> controls =
        [
            new("1", "short", T0.AddMinutes(5), tenant),
            new("2", "other tenant", T0.AddHours(1), new QueueCriteria { Tenant = "other" }),
            new("3", "long", T0.AddHours(1), tenant),
        ];

        Assert.Equal("short", controls.InForce(acme, T0)?.Reason);
        Assert.Equal("long", controls.InForce(acme, T0.AddMinutes(5))?.Reason);
        Assert.Null(controls.InForce(acme, T0.AddHours(1)));
        Assert.Null(controls.InForce(ScheduledQueueName.Parse("third@example.com"), T0));
    }

    [Fact]
    public void SenderPause_InForce_MatchesAnyGivenDomain_IgnoringCase_UntilItExpires()
    {
        IReadOnlyList<Admin.SenderPause> pauses = [new("News.Example", "mx.example.com", "5.7.26", T0.AddHours(1))];

        Assert.NotNull(Admin.SenderPause.InForce(pauses, T0, "bulk.example", "news.example"));
        Assert.NotNull(Admin.SenderPause.InForce(pauses, T0, null, "NEWS.example"));
        Assert.Null(Admin.SenderPause.InForce(pauses, T0, "bulk.example", null));
        Assert.Null(Admin.SenderPause.InForce(pauses, T0.AddHours(1), "news.example"));
    }

    /// <summary>A resolver that must not be asked: the test fails if it is.</summary>
    private sealed class NoDns : Dns.IDnsResolver
    {
        public ValueTask<Dns.DnsLookupResult> LookupAsync(string name, Dns.Protocol.DnsRecordType type, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"unexpected DNS lookup of {name} {type}");
    }
}
