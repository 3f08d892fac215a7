using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Akka.Mta.Core.Logging;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Logging;

/// <summary>Where and how the node writes its log records (KumoMTA's <c>configure_local_logs</c>).</summary>
public sealed record LogFileOptions(string Directory)
{
    /// <summary>A segment is closed and a new one started past this many bytes.</summary>
    public long MaxFileSize { get; init; } = 1L << 30;

    /// <summary>A segment is closed after being open this long (null: no time limit).</summary>
    public TimeSpan? MaxSegmentDuration { get; init; }
}

/// <summary>
/// Writes log records as JSON lines into segment files named <c>YYYYMMDD-HHMMSS</c> (UTC, the
/// time the segment was opened) under one directory. One background writer drains a queue, so
/// callers never wait on the disk; records are flushed whenever the queue runs empty.
/// Disposing writes what is queued and closes the segment.
/// </summary>
public sealed partial class LogFileWriter : IAsyncDisposable
{
    private readonly LogFileOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<LogRecord> _queue = Channel.CreateUnbounded<LogRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private FileStream? _segment;
    private DateTimeOffset _segmentOpened;

    public LogFileWriter(LogFileOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        System.IO.Directory.CreateDirectory(options.Directory);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The segment currently written (null before the first record).</summary>
    public string? CurrentSegment => _segment?.Name;

    public void Write(LogRecord record) => _queue.Writer.TryWrite(record);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            try
            {
                while (reader.TryRead(out var record))
                {
                    var line = Encoding.UTF8.GetBytes(record.ToJsonLine() + "\n");
                    var segment = SegmentFor(line.Length);
                    await segment.WriteAsync(line).ConfigureAwait(false);
                }
                if (_segment is not null)
                {
                    await _segment.FlushAsync().ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogWriteFailed(_logger, _options.Directory, e.Message);
                CloseSegment();
            }
        }
        CloseSegment();
    }

    private FileStream SegmentFor(int nextLength)
    {
        var now = _time.GetUtcNow();
        if (_segment is not null
            && (_segment.Length + nextLength > _options.MaxFileSize
                || (_options.MaxSegmentDuration is { } limit && now - _segmentOpened >= limit)))
        {
            CloseSegment();
        }
        if (_segment is null)
        {
            _segment = OpenSegment(now);
            _segmentOpened = now;
        }
        return _segment;
    }

    private FileStream OpenSegment(DateTimeOffset now)
    {
        var name = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(_options.Directory, name);
        for (var n = 1; File.Exists(path); n++)
        {
            path = Path.Combine(_options.Directory, $"{name}.{n}");
        }
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
    }

    private void CloseSegment()
    {
        _segment?.Dispose();
        _segment = null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot write log records under {Directory}: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string directory, string reason);
}
