using System.Diagnostics;
using Akka.Mta.Core;
using Akka.Mta.Persistence.CrashWriter;

namespace Akka.Mta.Persistence.Tests.Crash;

/// <summary>
/// Runs the crash writer as a child process and collects what it reported durable: the ids whose store
/// (or delete) had returned when it printed them.
/// </summary>
internal sealed class CrashWriterProcess : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly Task _reading;
    private readonly System.Text.StringBuilder _errors = new();
    private readonly object _gate = new();
    private readonly HashSet<SpoolId> _stored = [];
    private readonly HashSet<SpoolId> _deleting = [];
    private readonly HashSet<SpoolId> _deleted = [];
    private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _killAfter;

    public CrashWriterProcess(string provider, string target, int writers, int killAfter, bool largeBodies = false)
    {
        _killAfter = killAfter;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CrashBodies).Assembly.Location);
        start.ArgumentList.Add(provider);
        start.ArgumentList.Add(target);
        start.ArgumentList.Add(writers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (largeBodies)
        {
            start.ArgumentList.Add("large");
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the crash writer");
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reading = ReadAsync();
    }

    public IReadOnlySet<SpoolId> Stored => _stored;

    /// <summary>Ids whose delete was asked for: each may or may not have been committed when the writer died.</summary>
    public IReadOnlySet<SpoolId> Deleting => _deleting;

    /// <summary>Ids whose delete had returned.</summary>
    public IReadOnlySet<SpoolId> Deleted => _deleted;

    /// <summary>Waits until the writer has reported enough stores, kills it with SIGKILL, and reads what it printed before dying.</summary>
    public async Task KillMidBatchAsync()
    {
        var finished = await Task.WhenAny(_enough.Task, _reading, Task.Delay(Deadline));
        if (finished != _enough.Task)
        {
            throw new TimeoutException(
                $"the crash writer reported {_stored.Count} of {_killAfter} stores before {(finished == _reading ? "exiting" : "the deadline")}: {Errors()}");
        }
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(Deadline);
        await _process.WaitForExitAsync(timeout.Token);
        await _reading.WaitAsync(timeout.Token);
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            var space = line.IndexOf(' ');
            if (space < 0 || !SpoolId.TryParse(line.AsSpan(space + 1), out var id))
            {
                continue; // "ready", or a line cut short by the kill
            }
            lock (_gate)
            {
                var set = line[..space] switch
                {
                    "stored" => _stored,
                    "deleting" => _deleting,
                    "deleted" => _deleted,
                    _ => throw new InvalidDataException($"the crash writer printed \"{line}\""),
                };
                set.Add(id);
                if (_stored.Count >= _killAfter)
                {
                    _enough.TrySetResult();
                }
            }
        }
    }

    private string Errors()
    {
        lock (_errors)
        {
            return _errors.ToString();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
