using System.Net;
using System.Net.Sockets;

namespace Akka.Mta.Testing.Postfix;

/// <summary>Free loopback ports and waiting for a listener to come up.</summary>
public static class Loopback
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Polls until <paramref name="endpoint"/> accepts a TCP connection, or fails after
    /// <paramref name="deadline"/> naming what was awaited and what the process said.
    /// </summary>
    public static async Task WaitUntilListeningAsync(IPEndPoint endpoint, TimeSpan deadline, string what, Func<string>? diagnostics = null, Func<bool>? gaveUp = null)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            using (var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
            {
                try
                {
                    await probe.ConnectAsync(endpoint);
                    return;
                }
                catch (SocketException) when (DateTime.UtcNow < until && gaveUp?.Invoke() != true)
                {
                    // not listening yet
                }
                catch (SocketException e)
                {
                    throw new TimeoutException($"{what} did not listen on {endpoint} within {deadline.TotalSeconds:0}s ({e.SocketErrorCode}). {diagnostics?.Invoke()}");
                }
            }
            await Task.Delay(25);
        }
    }
}
