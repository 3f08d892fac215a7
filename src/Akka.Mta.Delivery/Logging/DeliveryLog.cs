using Akka.Event;
using Akka.Mta.Core.Logging;

namespace Akka.Mta.Delivery.Logging;

/// <summary>
/// Where every log record goes: the in-process event stream (the TSA and metrics subscribe to
/// <see cref="LogRecord"/>) and, when configured, the rotating JSON-lines files.
/// </summary>
public sealed class DeliveryLog(EventStream events, LogFileWriter? files) : IAsyncDisposable
{
    public void Write(LogRecord record)
    {
        files?.Write(record);
        events.Publish(record);
    }

    public ValueTask DisposeAsync() => files?.DisposeAsync() ?? ValueTask.CompletedTask;
}
