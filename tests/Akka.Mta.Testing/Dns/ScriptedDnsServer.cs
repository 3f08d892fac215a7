using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Akka.Mta.Testing.Dns;

/// <summary>
/// A DNS server on loopback (UDP and TCP on the same port) whose answers a test scripts: for
/// each query the handler returns the packets to send back, in order (none: stay silent). It
/// plays what a real server will not do on demand: SERVFAIL, silence, spoofed IDs, truncation,
/// garbage. Every query it receives is recorded.
/// </summary>
public sealed class ScriptedDnsServer : IAsyncDisposable
{
    private readonly Func<DnsTestQuery, Task<IReadOnlyList<byte[]>>> _handler;
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<DnsTestQuery> _queries = [];
    private readonly List<Task> _loops = [];
    private TaskCompletionSource _queryArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ScriptedDnsServer(Func<DnsTestQuery, Task<IReadOnlyList<byte[]>>> handler, Socket udp, TcpListener tcp)
    {
        _handler = handler;
        _udp = udp;
        _tcp = tcp;
        EndPoint = (IPEndPoint)udp.LocalEndPoint!;
        _loops.Add(Task.Run(UdpLoopAsync));
        _loops.Add(Task.Run(TcpLoopAsync));
    }

    public IPEndPoint EndPoint { get; }

    public IReadOnlyList<DnsTestQuery> Queries
    {
        get
        {
            lock (_queries)
            {
                return _queries.ToList();
            }
        }
    }

    public static ScriptedDnsServer Start(Func<DnsTestQuery, IReadOnlyList<byte[]>> handler) =>
        Start(query => Task.FromResult(handler(query)));

    public static ScriptedDnsServer Start(Func<DnsTestQuery, Task<IReadOnlyList<byte[]>>> handler)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var tcp = new TcpListener((IPEndPoint)udp.LocalEndPoint!);
            try
            {
                tcp.Start();
                return new ScriptedDnsServer(handler, udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose(); // that TCP port is taken: try another UDP port
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> queries arrived, failing with what did arrive after <paramref name="deadline"/>.</summary>
    public async Task WaitForQueriesAsync(int count, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task arrived;
            lock (_queries)
            {
                if (_queries.Count >= count)
                {
                    return;
                }
                arrived = _queryArrived.Task;
            }
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(arrived, Task.Delay(left)) != arrived)
            {
                throw new TimeoutException(
                    $"waited for {count} queries at {EndPoint}, got {Queries.Count}: {string.Join(", ", Queries.Select(q => $"{q.Name}/{q.Type}"))}");
            }
        }
    }

    private void Record(DnsTestQuery query)
    {
        lock (_queries)
        {
            _queries.Add(query);
            var arrived = _queryArrived;
            _queryArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived.TrySetResult();
        }
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP errors from earlier sends surface here on Linux
            }
            var raw = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            if (DnsTestPacket.ParseQuery(raw, overTcp: false) is not { } query)
            {
                continue;
            }
            Record(query);
            var client = received.RemoteEndPoint;
            _ = Task.Run(async () =>
            {
                foreach (var packet in await _handler(query))
                {
                    try
                    {
                        await _udp.SendToAsync(packet, SocketFlags.None, client, _stop.Token);
                    }
                    catch (Exception) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            });
        }
    }

    private async Task TcpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _tcp.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => ServeTcpAsync(connection));
        }
    }

    private async Task ServeTcpAsync(Socket connection)
    {
        using var _ = connection;
        try
        {
            var prefix = new byte[2];
            while (await ReadExactlyAsync(connection, prefix))
            {
                var raw = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                if (!await ReadExactlyAsync(connection, raw) || DnsTestPacket.ParseQuery(raw, overTcp: true) is not { } query)
                {
                    return;
                }
                Record(query);
                foreach (var packet in await _handler(query))
                {
                    var framed = new byte[packet.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)packet.Length);
                    packet.CopyTo(framed, 2);
                    await connection.SendAsync(framed, SocketFlags.None, _stop.Token);
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
        }
    }

    private async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token);
            if (count == 0)
            {
                return false;
            }
            read += count;
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp.Stop();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
