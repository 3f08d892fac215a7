using Microsoft.Extensions.Hosting;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>
/// A host lifetime that leaves the process's signals (Ctrl+C, SIGTERM) to the caller, which stops
/// the host itself: for the actor system's host, and for the node's web host, so that one place
/// (the verb) decides the order of shutdown rather than whichever handler runs first.
/// </summary>
public sealed class CallerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
