using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Akka.Mta.LogHooks.Amqp;

/// <summary>
/// Publishes a log hook's batches to an AMQP 0-9-1 exchange with publisher confirms: one message per
/// record (persistent, content type application/json, the record's bytes as body), published in
/// order, the batch <see cref="LogHookOutcome.Delivered"/> once the broker has confirmed every one of
/// them within <see cref="AmqpHookOptions.ConfirmTimeout"/>. Everything else is a
/// <see cref="LogHookOutcome.Retry"/> whose detail says what happened.
/// <code>
///   Disconnected --SendAsync: connect + channel (ConnectTimeout)--> Open
///   Open --publish all, await confirms (ConfirmTimeout)--> Open        (Delivered, or Retry on nack / no route)
///   Open --channel closed by the broker (e.g. no such exchange)--> connection kept, channel re-created next time
///   Open --connection closed, network error, confirm timeout--> Disconnected (both re-created next time)
/// </code>
/// The client's own automatic recovery is off: this class re-creates what broke at the next batch, so
/// a batch never waits on a recovery loop and the caller's retry schedule decides when to try again.
/// </summary>
public sealed partial class AmqpTransport : ILogHookTransport
{
    /// <summary>How long closing a connection or channel may take before it is abandoned.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly string _hookName;
    private readonly AmqpHookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConnectionFactory _factory;
    private readonly string _endpoint;
    private IConnection? _connection;
    private IChannel? _channel;
    private bool _disposed;

    public AmqpTransport(string hookName, AmqpHookOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hookName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(time);
        Validate(hookName, options);
        _hookName = hookName;
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger<AmqpTransport>();
        var secure = options.Url.Scheme == "amqps";
        var port = options.Url.Port > 0 ? options.Url.Port : secure ? 5671 : 5672;
        _endpoint = $"{options.Url.Host}:{port}";
        _factory = new ConnectionFactory
        {
            Uri = options.Url,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedConnectionTimeout = options.ConnectTimeout,
            HandshakeContinuationTimeout = options.ConnectTimeout,
            ContinuationTimeout = options.ConnectTimeout,
            ClientProvidedName = $"akka-mta log hook {hookName}",
        };
        Description = $"amqp {WithoutPassword(options.Url)} exchange '{options.Exchange}' routing key '{options.RoutingKey}'";
    }

    public string Description { get; }

    /// <summary>How many connections this transport has opened (1 while the first one lasts); for tests.</summary>
    internal int ConnectionsOpened { get; private set; }

    public async Task<LogHookResult> SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        if (records.Count == 0)
        {
            return new LogHookResult(LogHookOutcome.Delivered, "no records to publish");
        }

        var (channel, connectFailure) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            LogConnectFailed(_hookName, Description, connectFailure!);
            return new LogHookResult(LogHookOutcome.Retry, connectFailure!);
        }

        var result = await PublishAsync(channel, records, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == LogHookOutcome.Delivered)
        {
            LogDelivered(_hookName, Description, records.Count);
        }
        else
        {
            LogPublishFailed(_hookName, Description, records.Count, result.Detail);
        }
        return result;
    }

    /// <summary>
    /// Publishes every record without waiting in between, then waits for all the confirms: one
    /// broker round trip (and one fsync for the persistent messages) per batch, not per record.
    /// The client numbers publishes and writes their frames under one lock taken in call order,
    /// so records leave in the batch's order.
    /// </summary>
    private async Task<LogHookResult> PublishAsync(IChannel channel, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        using var confirmDeadline = new CancellationTokenSource(_options.ConfirmTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, confirmDeadline.Token);
        var publishes = new Task[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var properties = new BasicProperties
            {
                Persistent = true,
                ContentType = "application/json",
            };
            publishes[i] = PublishOneAsync(channel, properties, records[i], linked.Token);
        }
        var timedOut = false;
        try
        {
            // WaitAsync is the hard bound should a publish not heed its token (see OpenAsync).
            await Task.WhenAll(publishes).WaitAsync(_options.ConfirmTimeout, _time, cancellationToken).ConfigureAwait(false);
            return new LogHookResult(LogHookOutcome.Delivered, $"{records.Count} records confirmed by the broker");
        }
        catch (TimeoutException)
        {
            timedOut = true;
        }
        catch (Exception)
        {
            // Task.WhenAll rethrows only the first failure: the tasks say what happened to each record.
        }
        timedOut |= confirmDeadline.IsCancellationRequested;

        if (cancellationToken.IsCancellationRequested)
        {
            // Some records may be on their way and their confirms still to come: start afresh.
            await DropAsync(connectionToo: true).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        var connectionOpen = _connection is { IsOpen: true };
        var detail = AmqpFailure.OfPublishes(publishes, _options, connectionOpen);
        // A nack or a return leaves the channel usable. After a confirm timeout nobody knows what the
        // connection is doing (a dead peer looks exactly like this): start both afresh.
        var connectionLost = timedOut || !connectionOpen;
        if (connectionLost || !channel.IsOpen)
        {
            await DropAsync(connectionToo: connectionLost).ConfigureAwait(false);
        }
        return new LogHookResult(LogHookOutcome.Retry, detail);
    }

    private Task PublishOneAsync(IChannel channel, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        try
        {
            // mandatory: a record the exchange routes nowhere comes back (basic.return) instead of
            // being confirmed and silently dropped; see AmqpFailure.OfPublishes for what that yields.
            return channel.BasicPublishAsync(_options.Exchange, _options.RoutingKey, mandatory: true, properties, body, cancellationToken).AsTask();
        }
        catch (Exception error)
        {
            return Task.FromException(error);
        }
    }

    /// <summary>The open channel, re-creating the connection or the channel when the broker or the network closed them.</summary>
    private async Task<(IChannel? Channel, string? Failure)> OpenAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } && _connection is { IsOpen: true })
        {
            return (_channel, null);
        }
        var reconnect = _connection is not { IsOpen: true };
        await DropAsync(connectionToo: reconnect).ConfigureAwait(false);

        using var connectDeadline = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectDeadline.Token);
        var opening = OpenCoreAsync(reconnect ? null : _connection, linked.Token);
        try
        {
            // The hard bound: RabbitMQ.Client 7.2.2 does not always give up when told. Against a peer
            // that accepts TCP and never speaks, CreateConnectionAsync returned 5 s after its token was
            // cancelled, and never without a token, whatever HandshakeContinuationTimeout said.
            var (connection, channel) = await opening.WaitAsync(_options.ConnectTimeout, _time, cancellationToken).ConfigureAwait(false);
            if (reconnect)
            {
                _connection = connection;
                ConnectionsOpened++;
                LogConnected(_hookName, Description, ConnectionsOpened);
            }
            _channel = channel;
            return (_channel, null);
        }
        catch (Exception error)
        {
            CloseWhenDone(opening);
            await DropAsync(connectionToo: true).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var timedOut = error is TimeoutException || connectDeadline.IsCancellationRequested;
            return (null, AmqpFailure.OfConnect(error, _endpoint, _options.ConnectTimeout, timedOut));
        }
    }

    /// <summary>Connects (unless <paramref name="connection"/> is still open) and opens a channel; touches no field, so an abandoned attempt cannot.</summary>
    private async Task<(IConnection Connection, IChannel Channel)> OpenCoreAsync(IConnection? connection, CancellationToken cancellationToken)
    {
        var opened = connection ?? await _factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Tracking on: each publish's task completes with the broker's ack, or fails on a nack,
            // a basic.return or the channel closing. No rate limiter: the caller bounds the batch,
            // and the client's throttling limiter delays publishes, which could reorder them.
            var options = new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: null);
            var channel = await opened.CreateChannelAsync(options, cancellationToken).ConfigureAwait(false);
            return (opened, channel);
        }
        catch when (connection is null)
        {
            await CloseQuietlyAsync(opened).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes what an abandoned connect attempt opens if it ever succeeds.</summary>
    private void CloseWhenDone(Task<(IConnection Connection, IChannel Channel)> opening) =>
        _ = opening.ContinueWith(async done =>
        {
            if (done.IsCompletedSuccessfully)
            {
                await CloseQuietlyAsync(done.Result.Channel).ConfigureAwait(false);
                if (!ReferenceEquals(done.Result.Connection, _connection))
                {
                    await CloseQuietlyAsync(done.Result.Connection).ConfigureAwait(false);
                }
            }
            else
            {
                _ = done.Exception; // observed: an abandoned attempt's failure is not news
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Closes and forgets the channel (and the connection), bounded by <see cref="CloseTimeout"/>; never throws.</summary>
    private async Task DropAsync(bool connectionToo)
    {
        var channel = _channel;
        _channel = null;
        if (channel is not null)
        {
            await CloseQuietlyAsync(channel).ConfigureAwait(false);
        }
        if (!connectionToo)
        {
            return;
        }
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await CloseQuietlyAsync(connection).ConfigureAwait(false);
        }
    }

    private Task CloseQuietlyAsync(IChannel channel) => CloseQuietlyAsync("channel", async deadline =>
    {
        if (channel.IsOpen)
        {
            await channel.CloseAsync(Constants.ReplySuccess, "log hook transport closing", abort: true, deadline).ConfigureAwait(false);
        }
        await channel.DisposeAsync().ConfigureAwait(false);
    });

    private Task CloseQuietlyAsync(IConnection connection) => CloseQuietlyAsync("connection", async deadline =>
    {
        if (connection.IsOpen)
        {
            await connection.CloseAsync(Constants.ReplySuccess, "log hook transport closing", CloseTimeout, abort: true, deadline).ConfigureAwait(false);
        }
        await connection.DisposeAsync().ConfigureAwait(false);
    });

    /// <summary>Runs a close, abandoning it after <see cref="CloseTimeout"/>; logs instead of throwing.</summary>
    private async Task CloseQuietlyAsync(string what, Func<CancellationToken, Task> close)
    {
        using var deadline = new CancellationTokenSource(CloseTimeout, _time);
        try
        {
            await close(deadline.Token).WaitAsync(CloseTimeout, _time).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            LogCloseFailed(_hookName, Description, what, error.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await DropAsync(connectionToo: true).ConfigureAwait(false);
    }

    private static void Validate(string hookName, AmqpHookOptions options)
    {
        string? problem = null;
        if (options.Url is null || !options.Url.IsAbsoluteUri || options.Url.Scheme is not ("amqp" or "amqps"))
        {
            problem = $"url must be an absolute amqp:// or amqps:// URL, not '{(options.Url is null ? "(none)" : WithoutPassword(options.Url))}'";
        }
        else if (options.Exchange is null || System.Text.Encoding.UTF8.GetByteCount(options.Exchange) > 255)
        {
            problem = "exchange must be given and at most 255 bytes long";
        }
        else if (options.RoutingKey is null || System.Text.Encoding.UTF8.GetByteCount(options.RoutingKey) > 255)
        {
            problem = "routing_key must be given and at most 255 bytes long";
        }
        else if (options.ConfirmTimeout <= TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            problem = $"confirm_timeout ({options.ConfirmTimeout}) and connect_timeout ({options.ConnectTimeout}) must be positive";
        }
        if (problem is not null)
        {
            throw new ArgumentException($"log hook '{hookName}': amqp {problem}", nameof(options));
        }
    }

    /// <summary>The URL as logs may show it: the user stays, the password goes.</summary>
    internal static string WithoutPassword(Uri url)
    {
        if (string.IsNullOrEmpty(url.UserInfo) || !url.IsAbsoluteUri)
        {
            return url.ToString();
        }
        var builder = new UriBuilder(url) { Password = "" };
        return builder.Uri.ToString();
    }
}
