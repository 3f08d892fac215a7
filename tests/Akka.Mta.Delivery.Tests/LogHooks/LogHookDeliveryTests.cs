using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.Tests.Delivery;
using Akka.Mta.Testing.Http;
using Akka.Mta.Testing.SmtpServer;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Tests.LogHooks;

/// <summary>
/// Log hooks end to end on one node: mail delivered to the real SMTP sink, its records spooled into
/// the hook's queue and POSTed to a real HTTP receiver that fails, refuses, or is down on demand.
/// </summary>
public sealed class LogHookDeliveryTests : IAsyncLifetime
{
    private const string Queue = "events.log_hook";
    private const string FastRetry = "retry_interval = '1s', max_retry_interval = '2s',";
    private WebhookReceiver _receiver = null!;
    private readonly ListLoggerFactory _logs = new();

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private string Hook(int batchSize = 5, string extra = "") => $$"""
        mta.configure_log_hook {
          name = 'events',
          per_record = { Delivery = true },
          meta = { 'tenant' },
          headers = { 'Subject' },
          batch_size = {{batchSize}},
          max_batch_latency = 0.3,
          webhook = { url = '{{_receiver.Url}}', hmac = { key = 'k3y' }, timeout = '5s' },
        }
        {{extra}}
        """;

    private Task<DeliveryHarness> StartAsync(string? hook = null) =>
        DeliveryHarness.StartAsync(queueOptions: FastRetry, policyExtra: hook ?? Hook(), loggers: _logs);

    private static InboundMessage Mail(string recipient) => new("sender@example.org", recipient,
        System.Text.Encoding.ASCII.GetBytes($"From: sender@example.org\r\nTo: {recipient}\r\nSubject: hello {recipient}\r\n\r\nHi.\r\n"),
        new Dictionary<string, JsonNode?> { ["tenant"] = "acme", ["secret"] = "not for hooks" }, "ESMTP");

    private static async Task SubmitAsync(DeliveryHarness mta, IEnumerable<string> recipients) =>
        await mta.Runtime.SubmitAsync(recipients.Select(Mail).ToList(), CancellationToken.None);

    private static string[] Recipients(int count, string prefix = "user") =>
        Enumerable.Range(1, count).Select(i => $"{prefix}{i}@example.com").ToArray();

    private Task WaitForRecordsAsync(int count, string what) =>
        Eventually.HoldsAsync(() => _receiver.Records.Count >= count, $"{count} records at the receiver ({what}; it has {_receiver.Records.Count})", TimeSpan.FromSeconds(90));

    private static Task WaitForEmptyHookQueueAsync(DeliveryHarness mta) =>
        Eventually.ValueAsync(async () => await mta.SpoolCountAsync(Queue) == 0 ? "empty" : null, $"the spool to hold no {Queue} message", TimeSpan.FromSeconds(90));

    /// <summary>Every record arrived, each once: one per message, by the message's id.</summary>
    private void AssertEachOnce(IEnumerable<string> recipients)
    {
        var received = _receiver.Records.Select(r => r.GetProperty("recipient").GetString()!).Order().ToList();
        Assert.Equal(recipients.Order(), received);
        Assert.Equal(received.Count, _receiver.Records.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task DeliveryRecords_ArriveInSignedBatches_InOrder_EachOnce_WithTheHooksMetaAndHeaders()
    {
        _receiver.HmacKey = "k3y"u8.ToArray();
        // Two sources in the pool: mail spreads over two paths, the hook's records keep to one.
        await using var mta = await StartAsync(Hook(extra: """
            mta.on('get_egress_pool', function(name) return { name = name, entries = { { name = 'ip-1', weight = 1 }, { name = 'ip-2', weight = 1 } } } end)
            mta.on('get_egress_source', function(name) return { name = name } end)
            """));
        var recipients = Recipients(12);

        await SubmitAsync(mta, recipients);
        await WaitForRecordsAsync(12, "the Delivery records of 12 messages");
        await WaitForEmptyHookQueueAsync(mta);

        AssertEachOnce(recipients);
        Assert.All(_receiver.Requests, r => Assert.True(r.SignatureValid, "the receiver checked the HMAC header"));
        Assert.All(_receiver.Batches, b => Assert.InRange(b.Count, 1, 5));
        foreach (var batch in _receiver.Batches)
        {
            var times = batch.Select(r => r.GetProperty("event_time").GetDateTimeOffset()).ToList();
            Assert.Equal(times.Order(), times); // queue order within a batch
        }
        var record = _receiver.Records.First();
        Assert.Equal("Delivery", record.GetProperty("type").GetString());
        Assert.Equal("""{"tenant":"acme"}""", record.GetProperty("meta").GetRawText());
        var recipient = record.GetProperty("recipient").GetString();
        Assert.Equal($"hello {recipient}", record.GetProperty("headers").GetProperty("Subject").GetString());
        // No loops: the hook's own Delivery records are logged, but never published.
        await mta.WaitForAsync(LogRecordType.Delivery, 24);
        Assert.All(_receiver.Records, r => Assert.DoesNotContain(".log_hook", r.GetProperty("queue").GetString()));
        Assert.All(mta.OfType(LogRecordType.Delivery).Where(r => r.Queue == Queue), r => Assert.Equal($"unspecified->{Queue}@log_hook", r.Site));
        Assert.Equal(2, mta.OfType(LogRecordType.Delivery).Where(r => r.Queue != Queue).Select(r => r.EgressSource).Distinct().Count());
    }

    [Fact]
    public async Task ServerErrorThenRefusedConnection_ThenRecovery_EveryRecordArrivesOnce()
    {
        _receiver.Behaviour = WebhookBehaviour.Fail;
        await using var mta = await StartAsync();
        var recipients = Recipients(6);

        await SubmitAsync(mta, recipients);
        await Eventually.HoldsAsync(() => _receiver.Requests.Any(r => r.Status == 500), "a batch answered 500", TimeSpan.FromSeconds(60));
        await _receiver.StopAsync();
        await Eventually.HoldsAsync(() => mta.OfType(LogRecordType.TransientFailure).Any(r => r.Queue == Queue && r.Response.Content.Contains("connection refused")),
            "a transient failure of the hook's queue saying connection refused", TimeSpan.FromSeconds(60));
        Assert.Empty(_receiver.Records);
        Assert.Equal(6, await mta.SpoolCountAsync(Queue));
        _receiver.Behaviour = WebhookBehaviour.Accept;
        await _receiver.StartAgainAsync();
        await WaitForRecordsAsync(6, "after the receiver came back");
        await WaitForEmptyHookQueueAsync(mta);

        AssertEachOnce(recipients);
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Warning && l.Text.StartsWith("Log hook events: webhook", StringComparison.Ordinal) && l.Text.Contains("HTTP 500"));
        Assert.Contains(mta.OfType(LogRecordType.TransientFailure), r => r.Queue == Queue && r.Response.Content.Contains("log hook events") && r.Response.Content.Contains("HTTP 500"));
    }

    [Fact]
    public async Task ClientError_BouncesTheRecords_LoggedWithTheHooksName_AndMailKeepsFlowing()
    {
        _receiver.Behaviour = WebhookBehaviour.Refuse;
        await using var mta = await StartAsync(Hook(batchSize: 1));

        await SubmitAsync(mta, Recipients(3));
        await Eventually.HoldsAsync(() => mta.OfType(LogRecordType.Bounce).Count(r => r.Queue == Queue) >= 3, "3 Bounce records of the hook's queue", TimeSpan.FromSeconds(60));
        await WaitForEmptyHookQueueAsync(mta);

        Assert.Equal(3, mta.OfType(LogRecordType.Delivery).Count(r => r.Queue == "acme@example.com"));
        var bounce = mta.OfType(LogRecordType.Bounce).First(r => r.Queue == Queue);
        Assert.Equal(550, bounce.Response.Code);
        Assert.Equal($"log hook events: webhook {_receiver.Url}: HTTP 400 Bad Request: bad record, go away", bounce.Response.Content);
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Error && l.Text == $"Log hook events: webhook {_receiver.Url} refused 1 records, they bounce: HTTP 400 Bad Request: bad record, go away");
        Assert.Empty(_receiver.Records);
    }

    [Fact]
    public async Task NodeRestart_WhileTheReceiverIsDown_LosesNothing_AndPublishesEachRecordOnce()
    {
        await _receiver.StopAsync();
        await using var mta = await StartAsync();
        var recipients = Recipients(4);

        await SubmitAsync(mta, recipients);
        await mta.WaitForAsync(LogRecordType.Delivery, 4);
        await Eventually.ValueAsync(async () => await mta.SpoolCountAsync() == 4 && await mta.SpoolCountAsync(Queue) == 4 ? "spooled" : null,
            $"the 4 records spooled in {Queue} and the mail gone from the spool", TimeSpan.FromSeconds(60));
        await mta.StopNodeAsync();
        await _receiver.StartAgainAsync();
        await mta.StartNodeAsync(FastRetry, "");
        await WaitForRecordsAsync(4, "after the restart");
        await WaitForEmptyHookQueueAsync(mta);

        AssertEachOnce(recipients);
    }

    [Fact]
    public async Task AdminSuspensionOfTheHooksQueue_HoldsItsRecords_UntilLifted_WhileMailFlows()
    {
        await using var mta = await StartAsync(Hook(batchSize: 1));
        var suspension = await mta.Runtime.SuspendQueuesAsync(
            new Queueing.QueueSuspension("hold-hook", "receiver maintenance", DateTimeOffset.UtcNow.AddHours(1), new Queueing.QueueCriteria { Domain = Queue }));

        await SubmitAsync(mta, Recipients(2));
        await Eventually.HoldsAsync(() => mta.OfType(LogRecordType.TransientFailure).Any(r => r.Queue == Queue
                && r.Response.Content.Contains("scheduled queue is suspended: receiver maintenance")),
            "a transient failure of the hook's queue saying it is suspended", TimeSpan.FromSeconds(60));
        Assert.Equal(2, mta.OfType(LogRecordType.Delivery).Count(r => r.Queue == "acme@example.com"));
        Assert.Empty(_receiver.Records);
        Assert.True(await mta.Runtime.ResumeQueuesAsync(suspension.Id));
        await WaitForRecordsAsync(2, "after the suspension was lifted");
        await WaitForEmptyHookQueueAsync(mta);

        AssertEachOnce(Recipients(2));
    }

    [Fact]
    public async Task ShouldEnqueueLogRecord_False_DropsTheRecordForTheHook()
    {
        await using var mta = await StartAsync(Hook(extra: """
            mta.on('should_enqueue_log_record', function(record, hook_name)
              return not (hook_name == 'events' and record.recipient:sub(1, 4) == 'drop')
            end)
            """));

        await SubmitAsync(mta, ["keep1@example.com", "drop1@example.com", "keep2@example.com"]);
        await mta.WaitForAsync(LogRecordType.Delivery, 3);
        await Eventually.ValueAsync(async () => await mta.SpoolCountAsync() == 0 ? "empty" : null, "mail and records gone from the spool", TimeSpan.FromSeconds(90));

        AssertEachOnce(["keep1@example.com", "keep2@example.com"]);
    }
}
