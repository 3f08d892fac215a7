using Akka.Event;
using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.LogHooks;

namespace Akka.Mta.Delivery.Logging;

/// <summary>
/// Where every log record goes: the in-process event stream (the TSA and metrics subscribe to
/// <see cref="LogRecord"/>), when configured the rotating JSON-lines files, and the log hooks.
/// </summary>
public sealed class DeliveryLog(EventStream events, LogFileWriter? files) : IAsyncDisposable
{
    /// <summary>The log hooks' feeder, attached when the runtime starts (null: none).</summary>
    internal LogHookFeeder? Hooks { get; set; }

    public void Write(LogRecord record) => _ = WriteDurably(record);

    /// <summary>Writes the record; the task completes once every log hook that takes it has it in the spool (it never faults).</summary>
    public Task WriteDurably(LogRecord record)
    {
        files?.Write(record);
        events.Publish(record);
        return Hooks?.Offer(record) ?? Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => files?.DisposeAsync() ?? ValueTask.CompletedTask;
}
