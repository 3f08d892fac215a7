using Akka.Mta.Core.Queues;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Policy.LogHooks;

namespace Akka.Mta.Delivery.LogHooks;

/// <summary>
/// How a log hook's queue reaches its destination without DNS: the queue <c>&lt;name&gt;.log_hook</c>
/// routes to the site of the same name, and its egress path is <c>source-&gt;&lt;name&gt;.log_hook@log_hook</c>,
/// which the path region runs as a <see cref="LogHookPathActor"/> instead of an SMTP path.
/// </summary>
public static class LogHookRouting
{
    /// <summary>The protocol part of a log hook's egress path name.</summary>
    public const string Protocol = "log_hook";

    public static bool IsHookQueue(string queue) => LogHookDefinition.TryParseQueue(queue, out _);

    /// <summary>The route of a log hook queue (resolved, no targets), or null for a mail queue.</summary>
    public static Route? RouteFor(string queue) => IsHookQueue(queue) ? new Route(queue, []) : null;

    /// <summary>
    /// The egress path name a queue's message goes to from <paramref name="source"/> to <paramref name="site"/>.
    /// A hook has one path whatever sources its queue's pool has (<c>unspecified-&gt;...</c>): one batch
    /// in flight at a time keeps its records in order, and a source address means nothing to it.
    /// </summary>
    public static string PathName(string queue, string source, string site) => IsHookQueue(queue)
        ? new EgressPathId(EgressPathId.UnspecifiedSource, site, Protocol).ToString()
        : new EgressPathId(source, site).ToString();

    public static bool IsHookPath(string path) => path.EndsWith("@" + Protocol, StringComparison.Ordinal);
}
