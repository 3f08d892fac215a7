using Microsoft.AspNetCore.Connections;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// Deadlines, checked by the shared heartbeat rather than a timer per session. The session sets
/// a deadline whenever it starts to wait (command, data, TLS handshake) and suspends it while the
/// server itself is busy (sink, policy). Past a deadline the pending read is cancelled and the
/// session answers 421 4.4.2; a session that still has not ended a while later is aborted.
/// </summary>
public sealed partial class SmtpSession
{
    private static readonly long AbortGraceTicks = TimeSpan.FromSeconds(10).Ticks;

    private readonly long _sessionDeadline;
    private long _deadline = long.MaxValue;
    private int _expired;

    private long _dataPhaseDeadline = long.MaxValue;

    private void SetDeadline(TimeSpan timeout) => Volatile.Write(ref _deadline, DeadlineAfter(timeout));

    /// <summary>Starts the clock of one message's content (<see cref="SmtpServerOptions.DataPhaseTimeout"/>).</summary>
    private void BeginDataPhase() => _dataPhaseDeadline = DeadlineAfter(_options.DataPhaseTimeout);

    /// <summary>Waiting for message bytes: the idle data timeout, but never past the message's whole-content deadline.</summary>
    private void SetDataDeadline() => Volatile.Write(ref _deadline, Math.Min(DeadlineAfter(_options.DataTimeout), _dataPhaseDeadline));

    /// <summary>Now plus <paramref name="timeout"/> in ticks; zero, negative (infinite) or huge timeouts mean no deadline.</summary>
    private long DeadlineAfter(TimeSpan timeout)
    {
        var now = _services.Time.GetUtcNow().UtcTicks;
        return timeout <= TimeSpan.Zero || timeout.Ticks > long.MaxValue - now - AbortGraceTicks ? long.MaxValue : now + timeout.Ticks;
    }

    private void SuspendDeadline() => Volatile.Write(ref _deadline, long.MaxValue);

    internal void OnHeartbeat(DateTimeOffset now)
    {
        var deadline = Math.Min(Volatile.Read(ref _deadline), _sessionDeadline);
        if (now.UtcTicks < deadline)
        {
            return;
        }
        if (Interlocked.Exchange(ref _expired, 1) == 0)
        {
            _ = CancelAsync();
        }
        else if (now.UtcTicks >= deadline + AbortGraceTicks)
        {
            _connection.Abort(new ConnectionAbortedException("SMTP session timed out and did not close"));
        }
    }

    private async Task CancelAsync()
    {
        try
        {
            await _abort.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The session ended between the check and the cancel.
        }
    }
}
