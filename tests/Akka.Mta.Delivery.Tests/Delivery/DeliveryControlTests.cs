using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Testing.Dns;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Delivery.Tests.Delivery;

/// <summary>Admin bounce, path suspension, config overrides, and routing by MX records from a real DNS server.</summary>
public sealed class DeliveryControlTests
{
    [Fact]
    public async Task AdminBounce_DrainsTheMatchingQueue_AndLeavesOthers()
    {
        await using var node = await DeliveryHarness.StartAsync(queueOptions: "retry_interval = '1h'");
        await node.Runtime.SubmitAsync(
        [
            DeliveryHarness.Message("tempfail+1@example.com", tenant: "acme"),
            DeliveryHarness.Message("tempfail+2@example.com", tenant: "acme"),
            DeliveryHarness.Message("tempfail+3@example.com", tenant: "other"),
        ], CancellationToken.None);
        await node.WaitForAsync(LogRecordType.TransientFailure, 3);

        var bounce = await node.Runtime.BounceAsync(new AdminBounce("b1", "tenant asked", DateTimeOffset.UtcNow.AddMinutes(5), new QueueCriteria { Tenant = "acme" }, SuppressLogging: false));

        await node.WaitForAsync(LogRecordType.AdminBounce, 2);
        var bounced = node.OfType(LogRecordType.AdminBounce);
        Assert.All(bounced, r => Assert.Equal("acme@example.com", r.Queue));
        Assert.All(bounced, r => Assert.Equal("localhost", r.Site));
        Assert.Contains("Administrator bounced with reason: tenant asked", bounced[0].Response.Content);
        await Eventually.HoldsAsync(() => node.Runtime.GetAdminControlsAsync().Result.Bounced.GetValueOrDefault(bounce.Id)?.GetValueOrDefault("acme@example.com") == 2,
            "the bounce to count both messages");
        await Eventually.HoldsAsync(() => node.SpoolCountAsync().Result == 1, "only the other tenant's message left in the spool");

        // While the bounce lasts, new mail for the tenant is bounced too.
        await node.Runtime.SubmitAsync([DeliveryHarness.Message("new@example.com", tenant: "acme")], CancellationToken.None);
        await node.WaitForAsync(LogRecordType.AdminBounce, 3);
        Assert.Equal(0, node.Sink.Stats.Messages);
    }

    [Fact]
    public async Task SuspendedPath_DeliversNothing_UntilResumed()
    {
        await using var node = await DeliveryHarness.StartAsync();
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";
        var suspension = await node.Runtime.SuspendPathAsync(path, "provider asked us to slow down", DateTimeOffset.UtcNow.AddHours(1));
        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.SuspendedReason is not null, "the path to be suspended");

        await node.SubmitAsync("a@example.com", "b@example.com");
        // The queue offered both, the path handed them back until the suspension ends.
        await Eventually.HoldsAsync(() => node.Runtime.GetQueueStateAsync("example.com").Result.Parked == 2, "both messages held by the queue for the path");
        Assert.Equal(0, node.Sink.Stats.Messages);
        var resumed = DateTimeOffset.UtcNow;

        Assert.True(await node.Runtime.ResumePathAsync(suspension.Id));

        await node.WaitForAsync(LogRecordType.Delivery, 2);
        Assert.All(node.OfType(LogRecordType.Delivery), r => Assert.True(r.EventTime >= resumed, "delivered only after the resume"));
    }

    [Fact]
    public async Task ConfigOverride_AppliesUntilItExpires()
    {
        await using var node = await DeliveryHarness.StartAsync(pathOptions: "connection_limit = 7");
        await node.SubmitAsync("a@example.com");
        await node.WaitForAsync(LogRecordType.Delivery, 1);
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";
        Assert.Equal(7, (await node.Runtime.GetPathStateAsync(path)).ConnectionLimit);

        node.Runtime.OverridePath(path, "{\"connection_limit\": 2}", "automation rule: [TS04]", DateTimeOffset.UtcNow.AddSeconds(2));
        var overridden = await node.Runtime.GetPathStateAsync(path);
        Assert.Equal(2, overridden.ConnectionLimit);
        Assert.Equal(1, overridden.Overrides);

        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.ConnectionLimit == 7, "the override to expire");
    }

    [Fact]
    public async Task BadOverride_IsRejected_AndTheConfigStays()
    {
        await using var node = await DeliveryHarness.StartAsync(pathOptions: "connection_limit = 7");
        await node.SubmitAsync("a@example.com");
        await node.WaitForAsync(LogRecordType.Delivery, 1);
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";

        node.Runtime.OverridePath(path, "{\"connection_limit\": \"lots\"}", "bad", DateTimeOffset.UtcNow.AddHours(1));

        var state = await node.Runtime.GetPathStateAsync(path);
        Assert.Equal(7, state.ConnectionLimit);
        Assert.Equal(0, state.Overrides);
    }

    [Fact]
    public async Task PathDetail_ShowsItsConnections_ItsFeeders_AndThatTheConnectionLimitHoldsItBack()
    {
        // One connection, stuck on a recipient the sink answers only after a minute: the second message waits.
        await using var node = await DeliveryHarness.StartAsync(pathOptions: "connection_limit = 1, provider_name = 'sinkprovider'");
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";
        await node.SubmitAsync("slow-60000@example.com", "second@example.com");

        var detail = await Eventually.ValueAsync(async () =>
            await node.Runtime.GetPathDetailAsync(path) is { ConnectionLimited: not null, State.Ready: 1 } d ? d : null,
            "the path to be held back by its connection limit");

        Assert.Equal("connection_limit 1 reached", detail.ConnectionLimited!.Context);
        Assert.Null(detail.ConnectionRateThrottled);
        Assert.Equal("delivering", Assert.Single(detail.Connections).Phase);
        Assert.Equal(["example.com"], detail.OfferingQueues);
        Assert.Equal("unspecified", detail.EgressPool);
        Assert.Contains("\"provider_name\":\"sinkprovider\"", detail.PathConfigJson);
        Assert.Contains("\"max_connections\":1", detail.ConstraintsJson);
        Assert.Contains($":{node.Sink.SmtpEndpoint.Port}", Assert.Single(detail.Targets));
        await node.Sink.DisposeAsync(); // ends the stuck session now rather than in a minute
    }

    [Fact]
    public async Task DomainWithoutMxList_IsRoutedByItsMxRecords()
    {
        await using var dns = await UnboundServer.StartAsync(new DnsZone()
            .Zone("routed.test")
            .Mx("routed.test", 10, "mx1.routed.test").Mx("routed.test", 20, "mx2.routed.test")
            .A("mx1.routed.test", "127.0.0.1").A("mx2.routed.test", "127.0.0.1")
            .Mx("nomail.routed.test", 0, "."));
        await using var node = await DeliveryHarness.StartAsync(dnsServer: dns.EndPoint);

        await node.SubmitAsync("someone@routed.test", "nobody@nomail.routed.test");

        await node.WaitForAsync(LogRecordType.Delivery, 1);
        await node.WaitForAsync(LogRecordType.Bounce, 1);
        var delivery = node.OfType(LogRecordType.Delivery).Single();
        Assert.Equal("unspecified->(mx1|mx2).routed.test@smtp_client", delivery.Site);
        Assert.Equal("mx1.routed.test", delivery.PeerAddress!.Name);
        var bounce = node.OfType(LogRecordType.Bounce).Single();
        Assert.Equal(556, bounce.Response.Code);
        Assert.Contains("null MX", bounce.Response.Content);
    }

    [Fact]
    public async Task AdminControls_LastAcrossARestart_UntilTheyExpire()
    {
        await using var node = await DeliveryHarness.StartAsync();
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";
        var later = DateTimeOffset.UtcNow.AddHours(1);
        await node.Runtime.SuspendPathAsync(path, "maintenance", later);
        await node.Runtime.SuspendQueuesAsync(new QueueSuspension("s1", "tenant on hold", later, new QueueCriteria { Tenant = "acme" }));
        await node.Runtime.SuspendQueuesAsync(new QueueSuspension("s2", "already over", DateTimeOffset.UtcNow.AddMilliseconds(1), new QueueCriteria { Tenant = "gone" }));
        await node.Runtime.BounceAsync(new AdminBounce("b1", "abuse", later, new QueueCriteria { Campaign = "spam" }, SuppressLogging: true));

        await node.StopNodeAsync();
        await node.StartNodeAsync("", "");

        var controls = (await node.Runtime.GetAdminControlsAsync()).Controls;
        Assert.Equal("tenant on hold", Assert.Single(controls.Suspensions).Reason);
        Assert.Equal("abuse", Assert.Single(controls.Bounces).Reason);
        Assert.Equal("maintenance", Assert.Single(controls.Paths).Reason);
        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.SuspendedReason == "maintenance", "the path suspended again");
    }

    [Fact]
    public async Task ResultOverrides_TurnAQuotaDeferralIntoABounce_AndARejectionIntoARetry()
    {
        await using var node = await DeliveryHarness.StartAsync(queueOptions: "retry_interval = '1h'", pathOptions: """
            result_overrides = {
              { regex = '^452 4\\.2\\.2', result = 'Permanent' },
              { regex = '^554 5\\.7\\.1', result = 'Transient' },
            }
            """);

        await node.SubmitAsync("reply-452-4.2.2@example.com", "reply-554-5.7.1@example.com", "plain@example.com");

        await node.WaitForAsync(LogRecordType.Delivery, 1);
        await node.WaitForAsync(LogRecordType.Bounce, 1);
        await node.WaitForAsync(LogRecordType.TransientFailure, 1);
        Assert.Equal(452, node.OfType(LogRecordType.Bounce).Single().Response.Code);
        Assert.Equal(554, node.OfType(LogRecordType.TransientFailure).Single().Response.Code);
    }

    [Fact]
    public async Task ThrottleProgram_BacksOffWhenTooManyAttemptsAreDeferred()
    {
        await using var node = await DeliveryHarness.StartAsync(queueOptions: "retry_interval = '1h'", pathOptions: """
            connection_limit = 5,
            throttle_program = { trigger_required_attempts = 4, max_deferral_rate = 50, backoff_max_concurrent_connections = 1,
                                 backoff_max_messages_per_hour = 3600, return_after = '1h' }
            """);
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";

        await node.SubmitAsync("ok+1@example.com", "tempfail+1@example.com");
        await node.WaitForAsync(LogRecordType.TransientFailure, 1);
        await node.WaitForAsync(LogRecordType.Delivery, 1);
        var before = await node.Runtime.GetPathStateAsync(path);
        Assert.Null(before.BackoffUntil);
        Assert.Equal(5, before.ConnectionLimit);

        await node.SubmitAsync("tempfail+2@example.com", "tempfail+3@example.com");

        // 3 of the last 4 attempts deferred: over 50 %.
        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.BackoffUntil is not null, "the throttle program to back the path off");
        Assert.Equal(1, (await node.Runtime.GetPathStateAsync(path)).ConnectionLimit);
    }

    [Fact]
    public async Task Rebind_MovesATenantsWaitingMail_ToTheQueueItsNewMetadataNames()
    {
        await using var node = await DeliveryHarness.StartAsync(queueOptions: "retry_interval = '1h'");
        await node.Runtime.SubmitAsync(
        [
            DeliveryHarness.Message("tempfail-1+a@example.com", tenant: "acme"),
            DeliveryHarness.Message("tempfail-1+b@example.com", tenant: "other"),
        ], CancellationToken.None);
        await node.WaitForAsync(LogRecordType.TransientFailure, 2);

        var queues = await node.Runtime.RebindAsync(new QueueCriteria { Tenant = "acme" }, new Dictionary<string, string> { ["tenant"] = "acme-vip" },
            "move to the VIP pool", alwaysFlush: false, suppressLogging: false);

        Assert.Equal(1, queues);
        await node.WaitForAsync(LogRecordType.AdminRebind, 1);
        // Moved mail is due at once in its new queue: the sink now accepts it (tempfail-1 fails once).
        await node.WaitForAsync(LogRecordType.Delivery, 1);
        var delivered = node.OfType(LogRecordType.Delivery).Single();
        Assert.Equal(("tempfail-1+a@example.com", "acme-vip@example.com"), (delivered.Recipient, delivered.Queue));
        Assert.Equal("acme-vip", delivered.Meta["tenant"].GetString());
        Assert.Contains("Rebound from acme@example.com", node.OfType(LogRecordType.AdminRebind).Single().Response.Content);
        Assert.Equal(1, (await node.Runtime.GetQueueStateAsync("other@example.com")).Scheduled);
    }

    [Fact]
    public async Task MxListEntry_WithAFixedAddress_IsConnectedToWithoutAnyLookup()
    {
        // DNS points at a closed port: only the entry's own address can reach the sink. The sink port is known once
        // the harness runs, so the node restarts with the mx_list naming it (a later protocol key wins in Lua).
        await using var node = await DeliveryHarness.StartAsync();
        await node.StopNodeAsync();
        var port = node.Sink.SmtpEndpoint.Port;
        await node.StartNodeAsync($"protocol = {{ smtp = {{ mx_list = {{ {{ name = 'mx.sink.test:{port}', addr = '127.0.0.1' }} }} }} }}", "");

        await node.SubmitAsync("a@example.com");

        await node.WaitForAsync(LogRecordType.Delivery, 1);
        var delivery = node.OfType(LogRecordType.Delivery).Single();
        Assert.Equal($"unspecified->mx_list:mx.sink.test:{port}@smtp_client", delivery.Site);
        Assert.Equal(("mx.sink.test", "127.0.0.1"), (delivery.PeerAddress!.Name, delivery.PeerAddress.Addr));
    }
}
