using System.Net;
using Akka.Actor;
using Akka.Mta.Core;
using Akka.Mta.Core.Logging;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Delivery.Outcomes;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Smtp.Client;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Egress;

/// <summary>What a connection needs to know of its path, fixed when the path opens it.</summary>
internal sealed record ConnectionPlanSettings(
    string PathName,
    string Source,
    IReadOnlyList<DeliveryTarget> Targets,
    SmtpClientOptions Client,
    EgressPathConfig Config);

/// <summary>
/// One SMTP connection of an egress path. Connects to the first target that answers (skipping
/// prohibited and skipped addresses), then delivers one message per <see cref="Work"/> and tells
/// the path when it is done; the path alone decides what it sends next and when it closes, so a
/// message is never handed to a connection that is going away. Stops after
/// <c>max_deliveries_per_connection</c> messages, on a lost connection, or when told to close.
/// A transaction runs detached from the actor and reports its outcome itself (spool, record, requeue)
/// before it tells the actor: a connection stopped mid-transaction (its path stopping) aborts the
/// client, and the aborted attempt is still reported as a transient failure, never dropped.
/// </summary>
internal sealed partial class ConnectionActor : ReceiveActor, IWithTimers
{
    private readonly ConnectionPlanSettings _plan;
    private readonly DeliveryServices _services;
    private readonly ILogger _logger;
    private readonly string _sessionId = Guid.NewGuid().ToString();
    private SmtpClient? _client;
    private DeliveryTarget? _target;
    private int _deliveries;

    public ConnectionActor(ConnectionPlanSettings plan, DeliveryServices services)
    {
        _plan = plan;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<ConnectionActor>();
        ReceiveAsync<Connect>(_ => ConnectAsync());
        Receive<Work>(Deliver);
        Receive<Attempted>(attempted =>
        {
            if (attempted.Counted)
            {
                _deliveries++;
            }
            Done(attempted.Closing, attempted.Outcome);
        });
        Receive<IdleTick>(_ => Context.Parent.Tell(new IdleExpired(Self)));
        ReceiveAsync<Close>(_ => CloseAsync());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Self.Tell(Connect.Instance);

    protected override void PostStop()
    {
        if (_client is { } client)
        {
            _ = client.DisposeAsync().AsTask();
        }
    }

    private async Task ConnectAsync()
    {
        SmtpResponse? lastFailure = null;
        foreach (var target in _plan.Targets)
        {
            if (Excluded(target.Address) is { } why)
            {
                lastFailure ??= SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 4), $"{target.HostName} [{target.Address}] is {why}");
                continue;
            }
            try
            {
                var options = target.Port is { } port ? _plan.Client with { Port = port } : _plan.Client;
                _client = await SmtpClient.ConnectAsync(target.HostName, target.Address, options, _services.Time, _logger);
                _target = target;
                Context.Parent.Tell(new ConnectionUp(Self));
                return;
            }
            catch (SmtpClientException e)
            {
                lastFailure = e.Failure.Response;
                LogConnectFailed(_logger, _plan.PathName, target.HostName, target.Address, e.Failure.Response.ToSingleLine());
            }
        }
        Context.Parent.Tell(new ConnectionFailed(Self, lastFailure
            ?? SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 1), "No answer from any hosts listed in MX")));
        Context.Stop(Self);
    }

    private void Deliver(Work work)
    {
        Timers.Cancel(IdleTick.Instance);
        var self = Self;
        _ = AttemptAsync(work, _client!, _deliveries).ContinueWith(
            t => self.Tell(t.IsCompletedSuccessfully ? t.Result : new Attempted(Closing: true, OverrideResult.Transient, Counted: false)),
            TaskScheduler.Default);
    }

    /// <summary>One transaction, off the actor: touches no actor state, reports its outcome, answers what the actor does next.</summary>
    private async Task<Attempted> AttemptAsync(Work work, SmtpClient client, int deliveriesBefore)
    {
        var message = work.Item.Message;
        var context = AttemptFor(work.Item.EgressPool);
        Persistence.Spool.SpoolMessage? stored;
        try
        {
            // The offer fence: the body is loaded only while the offering incarnation still owns the queue.
            if (message.Epoch > 0)
            {
                var owned = await _services.Spool.LoadOwnedAsync(SpoolId.Parse(message.Id), new Persistence.Spool.SpoolFence(message.Queue, message.Epoch))
                    .ConfigureAwait(false);
                if (owned is { Message: { } row, Owned: false })
                {
                    if (row.Schedule.Queue != message.Queue)
                    {
                        // Not in that queue's rows yet (a rebind's update still on its way): back to the queue, soon.
                        _services.Outcomes.Return(message, _services.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
                    }
                    else
                    {
                        _services.Outcomes.OwnershipLost(message);
                    }
                    return new Attempted(Closing: false, null, Counted: false);
                }
                stored = owned.Message;
            }
            else
            {
                stored = await _services.Spool.LoadAsync(SpoolId.Parse(message.Id)).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            LogLoadFailed(_logger, message.Id, e.Message);
            _services.Outcomes.Return(message, notBefore: null);
            return new Attempted(Closing: false, null, Counted: false);
        }
        if (stored is null)
        {
            // Gone from the spool (bounced by an administrator, or delivered by an earlier run).
            _services.Outcomes.Gone(message);
            return new Attempted(Closing: false, null, Counted: false);
        }
        if (PausedSender(message, stored.Body, work.SenderPauses) is { } pause)
        {
            // Held, not attempted: back to its queue until the pause ends.
            _services.Outcomes.Return(message, pause.Expires);
            return new Attempted(Closing: false, null, Counted: false);
        }
        SmtpTransactionResult result;
        try
        {
            result = await client.SendAsync(new SmtpEnvelope(message.Sender, message.Recipient), stored.Body).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Includes an abort because the connection was stopped: the attempt is reported, not lost.
            _services.Outcomes.TransientFailure(message, SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 0), e.Message), context);
            return new Attempted(Closing: true, OverrideResult.Transient, Counted: false);
        }
        var outcome = Report(message, result, context);
        var closing = result.ConnectionFailure is not null || client.State == SmtpClientState.Closed
            || deliveriesBefore + 1 >= _plan.Config.MaxDeliveriesPerConnection;
        if (closing && client.State != SmtpClientState.Closed)
        {
            await QuitQuietlyAsync(client).ConfigureAwait(false);
        }
        return new Attempted(closing, outcome, Counted: true);
    }

    private OverrideResult Report(Queueing.QueuedMessage message, SmtpTransactionResult result, AttemptContext context)
    {
        var recipient = result.Recipients[0];
        var response = recipient.Delivered ? result.Data ?? recipient.Response : recipient.Response;
        var outcome = recipient.Delivered ? OverrideResult.Success
            : recipient.IsPermanentFailure ? OverrideResult.Permanent
            : OverrideResult.Transient;
        if (_plan.Config.ResultOverrides.FirstOrDefault(o => o.Matches(response.ToSingleLine())) is { } rule)
        {
            outcome = rule.Result;
        }
        switch (outcome)
        {
            case OverrideResult.Success:
                _services.Outcomes.Delivered(message, response, context);
                break;
            case OverrideResult.Permanent:
                _services.Outcomes.Bounced(message, response, context);
                break;
            default:
                _services.Outcomes.TransientFailure(message, response, context);
                break;
        }
        return outcome;
    }

    private void Done(bool closing, OverrideResult? outcome = null)
    {
        Context.Parent.Tell(new WorkDone(Self, closing, outcome));
        if (closing)
        {
            Context.Stop(Self);
        }
        else
        {
            Timers.StartSingleTimer(IdleTick.Instance, IdleTick.Instance, _plan.Config.IdleTimeout);
        }
    }

    private async Task CloseAsync()
    {
        if (_client is { State: not SmtpClientState.Closed } client)
        {
            await QuitQuietlyAsync(client);
        }
        Context.Stop(Self);
    }

    /// <summary>A sender-domain pause for this path's site matching the envelope sender or the From: header.</summary>
    private Admin.SenderPause? PausedSender(Queueing.QueuedMessage message, ReadOnlyMemory<byte> body, IReadOnlyList<Admin.SenderPause> pauses)
    {
        if (pauses.Count == 0)
        {
            return null;
        }
        var from = Reception.HeaderBlock.Parse(body.Span).First("From");
        return Admin.SenderPause.InForce(pauses, _services.Time.GetUtcNow(), MailDomain.Of(message.Sender), from is null ? null : MailDomain.Of(from));
    }

    private static async Task QuitQuietlyAsync(SmtpClient client)
    {
        try
        {
            await client.QuitAsync();
        }
        catch (Exception e) when (e is SmtpClientException or IOException or OperationCanceledException)
        {
            // The peer went away first; the connection is closed either way.
        }
    }

    private string? Excluded(IPAddress address)
    {
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (_plan.Config.SkipHosts.Any(n => n.Contains(mapped)))
        {
            return "in skip_hosts";
        }
        return _plan.Config.ProhibitedHosts.Any(n => n.Contains(mapped)) ? "in prohibited_hosts" : null;
    }

    private AttemptContext AttemptFor(string pool) => new(_plan.PathName, pool, _plan.Source)
    {
        Peer = _target is { } t ? new PeerAddress(t.HostName, t.Address.ToString()) : null,
        SourceAddress = _client?.LocalEndPoint is { } local ? new SourceAddress(local.ToString()) : null,
        ProviderName = _plan.Config.ProviderName,
        SessionId = _sessionId,
        TlsProtocolVersion = _client?.TlsProtocol?.ToString(),
    };

    /// <summary>A transaction's end as the actor sees it; <paramref name="Counted"/>: a delivery attempt was made on this connection.</summary>
    private sealed record Attempted(bool Closing, OverrideResult? Outcome, bool Counted) : INoSerializationVerificationNeeded;

    private sealed record Connect : INoSerializationVerificationNeeded
    {
        public static readonly Connect Instance = new();
    }

    private sealed record IdleTick : INoSerializationVerificationNeeded
    {
        public static readonly IdleTick Instance = new();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path}: connecting to {Host} [{Address}] failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string path, string host, IPAddress address, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading message {Id} from the spool failed: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string id, string reason);
}
