using System.Net.Sockets;
using System.Security.Authentication;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Akka.Mta.LogHooks.Amqp;

/// <summary>
/// Turns what RabbitMQ.Client threw into the one line a Retry carries: what the broker said (its
/// reply code and text, e.g. <c>NOT_FOUND - no exchange 'x' in vhost '/'</c>) or what the network did
/// (<c>connection refused to 127.0.0.1:5673</c>). Pure: the transport decides what to re-create.
/// </summary>
internal static class AmqpFailure
{
    /// <summary>Why connecting (TCP, AMQP handshake, login, vhost, channel open) failed.</summary>
    public static string OfConnect(Exception error, string endpoint, TimeSpan connectTimeout, bool timedOut)
    {
        var all = Flatten(error).ToList();
        if (all.OfType<AuthenticationFailureException>().FirstOrDefault() is { } login)
        {
            return $"{endpoint} refused the login: {login.Message}";
        }
        if (all.OfType<PossibleAuthenticationFailureException>().FirstOrDefault() is { } possibleLogin)
        {
            return $"{endpoint} closed the connection during login (wrong user or password?): {possibleLogin.Message}";
        }
        if (all.OfType<OperationInterruptedException>().FirstOrDefault(e => e.ShutdownReason is not null) is { } interrupted)
        {
            return $"{endpoint} closed the connection: {Describe(interrupted.ShutdownReason!)}";
        }
        if (all.OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"connection refused to {endpoint}",
                SocketError.TimedOut => $"connecting to {endpoint} timed out",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"host of {endpoint} not found: {socket.Message}",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"{endpoint} unreachable: {socket.Message}",
                _ => $"{socket.SocketErrorCode} connecting to {endpoint}: {socket.Message}",
            };
        }
        if (all.OfType<AuthenticationException>().FirstOrDefault() is { } tls)
        {
            return $"TLS with {endpoint} failed: {tls.Message}";
        }
        if (timedOut || all.Any(e => e is TimeoutException or OperationCanceledException))
        {
            return $"no AMQP connection to {endpoint} within {connectTimeout}";
        }
        return $"connecting to {endpoint} failed: {all[^1].Message}";
    }

    /// <summary>
    /// Why a batch was not wholly confirmed, from what became of each record's publish; the worst
    /// failure is named, with how many records it struck.
    /// </summary>
    /// <remarks>
    /// An unroutable record (published mandatory, the exchange has no binding that matches the
    /// routing key, so the broker returns it) is a Retry, not a Rejected:
    /// <list type="bullet">
    /// <item>no route is a property of the broker's topology at that moment, not of the record: the
    /// consumer's queue is not declared yet, or its binding is being re-created during a deploy. The
    /// same batch routes once the queue is back; nothing in it can ever be "fixed" by the sender;</item>
    /// <item>Rejected bounces the records, that is loses the logs this hook exists to keep, because of
    /// a consumer-side outage the operator can repair;</item>
    /// <item>the durable queue's retry schedule and max age bound how long it keeps trying, and every
    /// attempt logs this detail naming the exchange and routing key, so the problem is visible.</item>
    /// </list>
    /// Records that did route are published again with the retry (at-least-once, as for a timeout).
    /// </remarks>
    public static string OfPublishes(IReadOnlyList<Task> publishes, AmqpHookOptions options, bool connectionOpen)
    {
        var count = publishes.Count;
        var failures = publishes.Where(p => p.IsFaulted).Select(p => p.Exception!.InnerException ?? p.Exception!).ToList();
        var unanswered = publishes.Count(p => p.IsCanceled || !p.IsCompleted) + failures.Count(e => e is OperationCanceledException);

        if (failures.OfType<OperationInterruptedException>().FirstOrDefault(e => e.ShutdownReason is not null) is { } closed)
        {
            var unconfirmed = count - publishes.Count(p => p.IsCompletedSuccessfully);
            var what = connectionOpen ? "channel" : "connection";
            return $"the {what} closed before {unconfirmed} of {count} records were confirmed: {Describe(closed.ShutdownReason!)}";
        }
        var others = failures.Where(e => e is not PublishException and not OperationCanceledException).ToList();
        if (others.Count > 0)
        {
            var first = Flatten(others[0]).Last();
            return $"publishing {others.Count} of {count} records failed: {first.GetType().Name}: {first.Message}";
        }
        if (unanswered > 0)
        {
            return $"no publisher confirm for {unanswered} of {count} records within {options.ConfirmTimeout}";
        }
        var nacked = failures.OfType<PublishException>().Count(e => !e.IsReturn);
        if (nacked > 0)
        {
            return $"the broker nacked {nacked} of {count} records (basic.nack: it could not take them)";
        }
        var returned = failures.OfType<PublishException>().Count(e => e.IsReturn);
        return $"NO_ROUTE - exchange '{options.Exchange}' routed {returned} of {count} records to no queue " +
            $"(routing key '{options.RoutingKey}'): bind a queue to it";
    }

    /// <summary>A close reason as the broker phrases it, e.g. <c>NOT_FOUND - no exchange 'x' in vhost '/'</c>; a lost connection names its cause.</summary>
    private static string Describe(ShutdownEventArgs reason)
    {
        if (reason.Initiator == ShutdownInitiator.Library && reason.Exception is { } cause)
        {
            var inner = Flatten(cause).Last();
            return $"connection lost: {inner.Message}";
        }
        return string.IsNullOrEmpty(reason.ReplyText) ? $"reply code {reason.ReplyCode}" : reason.ReplyText;
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        yield return error;
        if (error is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions)
            {
                foreach (var nested in Flatten(inner))
                {
                    yield return nested;
                }
            }
        }
        else if (error.InnerException is { } innerException)
        {
            foreach (var nested in Flatten(innerException))
            {
                yield return nested;
            }
        }
    }
}
