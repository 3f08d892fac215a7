using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns.Transport;

public sealed partial class DnsTransport
{
    /// <summary>One query over TCP (RFC 1035 4.2.2: each message prefixed by its two-byte length).</summary>
    private async Task<TryOutcome> TryTcpAsync(IPEndPoint server, DnsQuestion question, CancellationToken cancellationToken)
    {
        var id = NewId();
        var query = DnsQueryWriter.Build(id, question, _options.UdpPayloadSize);
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server, linked.Token);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await socket.SendAsync(framed, SocketFlags.None, linked.Token);

            var prefix = new byte[2];
            if (!await ReceiveExactlyAsync(socket, prefix, linked.Token))
            {
                return TryOutcome.Failed(DnsStatus.NetworkError, $"{server} (TCP): connection closed before an answer");
            }
            var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            if (!await ReceiveExactlyAsync(socket, answer, linked.Token))
            {
                return TryOutcome.Failed(DnsStatus.Malformed, $"{server} (TCP): connection closed inside a {answer.Length}-byte answer");
            }
            return Inspect(answer, id, question, server, out var message, out var problem) switch
            {
                Verdict.Accept => TryOutcome.Answered(message!),
                Verdict.Malformed => TryOutcome.Failed(DnsStatus.Malformed, problem + " (TCP)"),
                // Nobody can slip a packet into our TCP connection: a mismatch is the server's fault.
                _ => TryOutcome.Failed(DnsStatus.Malformed, $"{server} (TCP): answer does not match the query: {problem}"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TryOutcome.Failed(DnsStatus.Timeout, $"{server} (TCP): no answer within {_options.Timeout.TotalSeconds:0.###}s");
        }
        catch (SocketException e)
        {
            return TryOutcome.Failed(DnsStatus.NetworkError, $"{server} (TCP): {e.SocketErrorCode} ({e.Message})");
        }
    }

    private static async Task<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var received = 0;
        while (received < buffer.Length)
        {
            var count = await socket.ReceiveAsync(buffer[received..], SocketFlags.None, cancellationToken);
            if (count == 0)
            {
                return false;
            }
            received += count;
        }
        return true;
    }
}
