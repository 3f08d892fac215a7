using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns.Transport;

public sealed partial class DnsTransport
{
    private const int MaxUdpPacket = 65535;

    private async Task<TryOutcome> TryUdpAsync(IPEndPoint server, DnsQuestion question, ushort? edns, CancellationToken cancellationToken)
    {
        var id = NewId();
        var query = DnsQueryWriter.Build(id, question, edns);
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxUdpPacket);
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            // A connected UDP socket only receives datagrams from the server's address and port.
            await socket.ConnectAsync(server, linked.Token);
            await socket.SendAsync(query, SocketFlags.None, linked.Token);
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer.AsMemory(0, MaxUdpPacket), SocketFlags.None, linked.Token);
                switch (Inspect(buffer.AsSpan(0, length), id, question, server, out var message, out var problem))
                {
                    case Verdict.Accept:
                        return TryOutcome.Answered(message!);
                    case Verdict.Malformed:
                        return TryOutcome.Failed(DnsStatus.Malformed, problem!);
                    default:
                        LogIgnored(server, question, problem!);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TryOutcome.Failed(DnsStatus.Timeout, $"{server}: no answer within {_options.Timeout.TotalSeconds:0.###}s");
        }
        catch (SocketException e)
        {
            return TryOutcome.Failed(DnsStatus.NetworkError, $"{server}: {e.SocketErrorCode} ({e.Message})");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
