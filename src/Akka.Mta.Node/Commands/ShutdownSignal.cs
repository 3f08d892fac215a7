using System.Runtime.InteropServices;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// SIGTERM, SIGINT (Ctrl+C) and SIGQUIT as a cancellation token for the long-running verbs
/// (<c>serve</c>, <c>sink</c>). The signal is taken over (the runtime does not exit on its own), so
/// the verb stops its listeners, closes its files and returns 0. Without this, a verb that hosts an
/// ASP.NET Core application never saw the signal: the host's console lifetime handled it, stopped only
/// its own HTTP listener, and the verb kept waiting.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;

    private ShutdownSignal(CancellationToken invocation)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(invocation);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
        ];
    }

    /// <summary>Cancelled on the first signal, or when <paramref name="invocation"/> is.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that stopped the verb, for its last line; null while running.</summary>
    public PosixSignal? Received { get; private set; }

    public static ShutdownSignal Listen(CancellationToken invocation) => new(invocation);

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Received ??= context.Signal;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // a signal after the verb finished
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
