using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Smtp.Client;

public sealed partial class SmtpClient
{
    /// <summary>
    /// Connects to <paramref name="address"/> on <see cref="SmtpClientOptions.Port"/> (bound to
    /// <see cref="SmtpClientOptions.SourceAddress"/> when set) and runs banner, EHLO/HELO, STARTTLS
    /// and AUTH as configured. Throws <see cref="SmtpClientException"/> with the classified failure.
    /// With an Opportunistic TLS mode and <see cref="SmtpClientOptions.OpportunisticTlsReconnectOnFailedHandshake"/>,
    /// a failed handshake is followed by one reconnect that does not attempt STARTTLS.
    /// </summary>
    /// <param name="hostName">The server's name (the MX host): used for TLS and in failure texts.</param>
    public static async Task<SmtpClient> ConnectAsync(
        string hostName, IPAddress address, SmtpClientOptions options,
        TimeProvider? time = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var attemptTls = true;
        while (true)
        {
            var (stream, local, remote) = await OpenSocketAsync(hostName, address, options, time ?? TimeProvider.System, logger ?? NullLogger.Instance, cancellationToken);
            var client = new SmtpClient(stream, hostName, options, time, logger) { LocalEndPoint = local, RemoteEndPoint = remote };
            Log.Connected(client._logger, hostName, remote, local);
            try
            {
                await client.HandshakeAsync(attemptTls, cancellationToken);
                return client;
            }
            catch (SmtpClientException e) when (e.Failure.Kind == SmtpFailureKind.TlsFailure && client._tlsHandshakeFailed
                && attemptTls && options.OpportunisticTlsReconnectOnFailedHandshake && !options.TlsIsRequired)
            {
                Log.ReconnectingWithoutTls(client._logger, hostName, e.Failure.Response.ToSingleLine());
                await client.DisposeAsync();
                attemptTls = false;
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Runs banner, EHLO/HELO, STARTTLS and AUTH over an already connected stream (a socket
    /// stream, or an in-memory one in tests). The stream is owned by the client from here on.
    /// </summary>
    public static async Task<SmtpClient> StartAsync(
        Stream stream, string hostName, SmtpClientOptions options,
        TimeProvider? time = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var client = new SmtpClient(stream, hostName, options, time, logger);
        try
        {
            await client.HandshakeAsync(attemptTls: true, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private static async Task<(Stream, IPEndPoint?, IPEndPoint)> OpenSocketAsync(
        string hostName, IPAddress address, SmtpClientOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var remote = new IPEndPoint(address, options.Port);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(options.Timeouts.Connect, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            if (options.SourceAddress is { } source)
            {
                if (source.AddressFamily != address.AddressFamily)
                {
                    throw new SmtpClientException(new SmtpFailure(SmtpFailureKind.ConnectionRefused,
                        Internal(421, 4, 4, 1, $"source address {source} cannot reach {remote} ({hostName}): different address families")));
                }
                socket.Bind(new IPEndPoint(source, 0));
            }
            await socket.ConnectAsync(remote, linked.Token);
            return (new NetworkStream(socket, ownsSocket: true), socket.LocalEndPoint as IPEndPoint, remote);
        }
        catch (Exception ex)
        {
            socket.Dispose();
            if (ex is SmtpClientException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }
            var failure = ex switch
            {
                OperationCanceledException => new SmtpFailure(SmtpFailureKind.ConnectTimeout,
                    Internal(421, 4, 4, 1, $"connect to {remote} ({hostName}) timed out after {options.Timeouts.Connect.TotalSeconds:0.###}s")),
                SocketException se when options.SourceAddress is not null && se.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressAlreadyInUse
                    => new SmtpFailure(SmtpFailureKind.ConnectionRefused,
                        Internal(421, 4, 4, 1, $"cannot bind source address {options.SourceAddress}: {se.Message}")),
                SocketException se => new SmtpFailure(SmtpFailureKind.ConnectionRefused,
                    Internal(421, 4, 4, 1, $"connect to {remote} ({hostName}) failed: {se.SocketErrorCode}: {se.Message}")),
                _ => new SmtpFailure(SmtpFailureKind.ConnectionRefused,
                    Internal(421, 4, 4, 1, $"connect to {remote} ({hostName}) failed: {ex.Message}")),
            };
            Log.ConnectFailed(logger, hostName, remote, failure.Response.ToSingleLine());
            throw new SmtpClientException(failure, ex);
        }
    }
}
