using Akka.Actor;

namespace Akka.Mta.Delivery.Admin;

/// <summary>
/// How a queue or path entity announces itself to the admin controls: at once when it starts,
/// again every few seconds until the first answer, then every minute, so a controls singleton that
/// moved or restarted learns of it again. The entity sends its Watch message on each <see cref="Tick"/>.
/// </summary>
internal static class ControlsAnnouncement
{
    private const string TimerKey = "announce-to-admin-controls";
    private static readonly TimeSpan UntilAnswered = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(1);

    public static void Start(IActorRef self, ITimerScheduler timers)
    {
        self.Tell(Tick.Instance, self);
        timers.StartPeriodicTimer(TimerKey, Tick.Instance, UntilAnswered);
    }

    /// <summary>After the first answer: renew every minute.</summary>
    public static void Answered(ITimerScheduler timers) => timers.StartPeriodicTimer(TimerKey, Tick.Instance, Renewal);

    public sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }
}
