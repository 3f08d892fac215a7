namespace Akka.Mta.Delivery.Reception;

/// <summary>
/// Load shedding on disk space: while a directory the node writes accepted mail to (the spool,
/// the logs) has less than <c>minFreeBytes</c> free, reception refuses new mail with a temporary
/// error and liveness reports it, so senders retry later instead of the node failing writes for
/// mail it already acknowledged. Free space is read at most once a second. Thread-safe.
/// </summary>
public sealed class StorageGuard
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<(string Name, string Directory)> _locations;
    private readonly long _minFreeBytes;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (DateTimeOffset At, string? Reason) _last = (DateTimeOffset.MinValue, null);

    /// <param name="locations">The directories to watch, each with a short name (<c>spool</c>, <c>logs</c>) for metrics.</param>
    public StorageGuard(IReadOnlyList<(string Name, string Directory)> locations, long minFreeBytes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentOutOfRangeException.ThrowIfNegative(minFreeBytes);
        _locations = locations;
        _minFreeBytes = minFreeBytes;
        _time = time;
    }

    /// <summary>Why new mail is refused now (<c>storage is too full: ...</c>), or null while there is room.</summary>
    public string? FullReason
    {
        get
        {
            var now = _time.GetUtcNow();
            lock (_gate)
            {
                if (now - _last.At >= CheckEvery)
                {
                    _last = (now, Check());
                }
                return _last.Reason;
            }
        }
    }

    /// <summary>The free bytes of each location now (null where it cannot be read), for the <c>disk_free_bytes</c> gauge.</summary>
    public IReadOnlyList<(string Name, long? FreeBytes)> FreeSpace() =>
        [.. _locations.Select(l => (l.Name, FreeBytes(l.Directory, out _)))];

    private string? Check()
    {
        if (_minFreeBytes == 0)
        {
            return null;
        }
        foreach (var (_, directory) in _locations)
        {
            if (FreeBytes(directory, out var problem) is not { } free)
            {
                return $"storage is too full: the free space of {directory} cannot be read ({problem})";
            }
            if (free < _minFreeBytes)
            {
                return $"storage is too full: {directory} has {free} bytes free, below the minimum of {_minFreeBytes} (Spool:MinFreeSpace)";
            }
        }
        return null;
    }

    private static long? FreeBytes(string directory, out string? problem)
    {
        try
        {
            problem = null;
            return new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            problem = e.Message;
            return null;
        }
    }
}
