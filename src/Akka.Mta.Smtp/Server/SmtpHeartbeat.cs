using System.Collections.Concurrent;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// One timer for all sessions (as Kestrel does): every tick it asks each live session to check
/// its own deadlines, so there is no timer per connection.
/// </summary>
public sealed class SmtpHeartbeat : IDisposable
{
    private readonly ConcurrentDictionary<SmtpSession, byte> _sessions = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    public SmtpHeartbeat(TimeProvider time, TimeSpan period)
    {
        _time = time;
        _timer = time.CreateTimer(_ => Tick(), null, period, period);
    }

    public int Count => _sessions.Count;

    internal void Register(SmtpSession session) => _sessions.TryAdd(session, 0);

    internal void Unregister(SmtpSession session) => _sessions.TryRemove(session, out _);

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        var now = _time.GetUtcNow();
        foreach (var session in _sessions.Keys)
        {
            session.OnHeartbeat(now);
        }
    }
}
