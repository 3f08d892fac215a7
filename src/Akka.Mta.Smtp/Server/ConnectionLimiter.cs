using System.Collections.Concurrent;
using System.Net;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;
using Microsoft.AspNetCore.Connections;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// Connection middleware: at most <c>maxConnections</c> at once in all and <c>maxPerAddress</c>
/// from one client IP. A connection over a limit gets 421 4.7.0 instead of the greeting and is closed.
/// </summary>
public sealed class ConnectionLimiter(int maxConnections, int maxPerAddress)
{
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private int _total;

    public int Current => Volatile.Read(ref _total);

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }
        var total = Interlocked.Increment(ref _total);
        var fromAddress = address is null ? 0 : _perAddress.AddOrUpdate(address, 1, (_, n) => n + 1);
        try
        {
            if (maxConnections > 0 && total > maxConnections)
            {
                await RefuseAsync(connection, SmtpReplies.TooManyConnections);
                return;
            }
            if (maxPerAddress > 0 && fromAddress > maxPerAddress)
            {
                await RefuseAsync(connection, SmtpReplies.TooManyConnectionsFromAddress);
                return;
            }
            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _total);
            if (address is not null && _perAddress.AddOrUpdate(address, 0, (_, n) => n - 1) <= 0)
            {
                _perAddress.TryRemove(KeyValuePair.Create(address, 0));
            }
        }
    }

    private static async Task RefuseAsync(ConnectionContext connection, SmtpResponse reply)
    {
        ReplyWriter.Write(connection.Transport.Output, reply);
        await connection.Transport.Output.FlushAsync();
        await connection.Transport.Output.CompleteAsync();
    }
}
