using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.LogHooks;

/// <summary>Attaches the log hooks' feeder to the node's delivery log when the services name a policy for them.</summary>
internal static class LogHookWiring
{
    public static void Attach(DeliveryServices services)
    {
        if (services.LogHookPolicy is { } policy)
        {
            services.Log.Hooks = new LogHookFeeder(policy, services.Spool, () => services.Queues, services.Time,
                services.LoggerFactory.CreateLogger<LogHookFeeder>());
        }
    }
}
