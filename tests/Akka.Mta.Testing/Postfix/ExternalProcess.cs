using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Akka.Mta.Testing.Postfix;

/// <summary>
/// A child process whose output lines are kept and can be awaited with a deadline. Disposing
/// closes its standard input, waits briefly for it to leave, then kills it (only this process tree).
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ExternalProcess(Process process) => _process = process;

    public string Name { get; private init; } = "";

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <param name="workingDirectory">The child's current directory (default: the test's).</param>
    /// <param name="environment">Variables to set (a null value removes one) on top of the test's environment.</param>
    public static ExternalProcess Start(string fileName, IEnumerable<string> arguments, bool keepStdinOpen = false,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = keepStdinOpen,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var external = new ExternalProcess(process) { Name = $"{Path.GetFileName(fileName)} {string.Join(' ', info.ArgumentList)}" };
        process.OutputDataReceived += (_, e) => external.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => external.OnLine(e.Data, stdout: false);
        process.Exited += (_, _) => external.Signal();
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {external.Name}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return external;
    }

    /// <summary>Everything the process printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return $"[{Name}] stdout: {string.Join(" | ", _stdout.TakeLast(20))} stderr: {_stderr}";
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _stdout];
            }
        }
    }

    /// <summary>Waits for a stdout line that matches, from the first line on; fails with what was awaited and the output.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan deadline, string what, int skip = 0)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var found = _stdout.Skip(skip).FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }
                changed = _changed.Task;
            }
            if (_process.HasExited && !changed.IsCompleted)
            {
                throw new InvalidOperationException($"waiting for {what}: the process exited ({_process.ExitCode}). {Output}");
            }
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
            {
                throw new TimeoutException($"waited {deadline.TotalSeconds:0}s for {what}. {Output}");
            }
        }
    }

    /// <summary>Waits for the process to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline, string what)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"waited {deadline.TotalSeconds:0}s for {what} to exit. {Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Sends a POSIX signal (SIGTERM = 15, SIGINT = 2) to the process itself, as <c>kill -SIG PID</c> does.</summary>
    public void SendSignal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}. {Output}");
        }
    }

    public const int SigInt = 2;
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>SIGKILL to the process tree: no shutdown code runs (crash tests).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                if (_process.StartInfo.RedirectStandardInput)
                {
                    _process.StandardInput.Close();
                    using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    try
                    {
                        await _process.WaitForExitAsync(grace.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // it did not leave when asked
                    }
                }
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            if (stdout)
            {
                _stdout.Add(line);
            }
            else if (_stderr.Length < 8192)
            {
                _stderr.Append(line).Append(" | ");
            }
        }
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }
}
