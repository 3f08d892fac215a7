using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.LogHooks.Webhook;

/// <summary>
/// Publishes a hook's batches by HTTP POST (<see cref="WebhookOptions"/>). What the receiver answers
/// decides the batch: 2xx delivered; 4xx rejected (the records bounce), except 408 and 429 which ask
/// to come back later; 5xx, a redirect (never followed: a POST must not turn into a GET), a refused
/// connection, a name that does not resolve, or no answer within the timeout: retry. One pooled
/// HttpClient per hook, kept between batches.
/// </summary>
public sealed partial class WebhookTransport : ILogHookTransport
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly string _hookName;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _client;

    public WebhookTransport(string hookName, WebhookOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _hookName = hookName;
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger<WebhookTransport>();
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = options.Timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // the per-request token below, on the injected clock
        };
        Description = $"webhook {options.Url.GetLeftPart(UriPartial.Path)}";
    }

    public string Description { get; }

    public async Task<LogHookResult> SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var body = Body(records);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        foreach (var (name, value) in _options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (_options.Hmac is { } hmac)
        {
            request.Headers.TryAddWithoutValidation(hmac.Header, hmac.Sign(body));
        }
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var result = Classify(response, await Excerpt(response, linked.Token).ConfigureAwait(false));
            LogAnswer(_logger, _hookName, Description, records.Count, (int)response.StatusCode, result.Outcome);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return new LogHookResult(LogHookOutcome.Retry, $"no answer from {Authority} within {_options.Timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException e)
        {
            return new LogHookResult(LogHookOutcome.Retry, Network(e));
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Authority => _options.Url.Authority;

    /// <summary>The record itself (batch_size 1), else <c>[r1,r2,...]</c>: the records' bytes are not re-encoded.</summary>
    private byte[] Body(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        if (!_options.ArrayBody && records.Count == 1)
        {
            return records[0].ToArray();
        }
        var length = 2 + records.Sum(r => r.Length) + Math.Max(0, records.Count - 1);
        var body = new byte[length];
        var at = 0;
        body[at++] = (byte)'[';
        for (var i = 0; i < records.Count; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }
            records[i].Span.CopyTo(body.AsSpan(at));
            at += records[i].Length;
        }
        body[at] = (byte)']';
        return body;
    }

    private static LogHookResult Classify(HttpResponseMessage response, string excerpt)
    {
        var code = (int)response.StatusCode;
        var detail = $"HTTP {code} {response.ReasonPhrase}".TrimEnd() + (excerpt.Length > 0 ? ": " + excerpt : string.Empty);
        return code switch
        {
            >= 200 and < 300 => new LogHookResult(LogHookOutcome.Delivered, detail),
            408 or 429 => new LogHookResult(LogHookOutcome.Retry, detail),
            >= 400 and < 500 => new LogHookResult(LogHookOutcome.Rejected, detail),
            >= 300 and < 400 => new LogHookResult(LogHookOutcome.Retry, detail + (response.Headers.Location is { } to ? $" (redirect to {to} not followed)" : string.Empty)),
            _ => new LogHookResult(LogHookOutcome.Retry, detail),
        };
    }

    /// <summary>The start of the answer's body, on one line, for logs and records.</summary>
    private static async Task<string> Excerpt(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        text = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return text.Length > 200 ? text[..200] + "..." : text;
    }

    private string Network(HttpRequestException e)
    {
        var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"connection refused by {Authority}",
            SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => $"host {_options.Url.Host} not found",
            SocketError.TimedOut => $"connecting to {Authority} timed out",
            { } other => $"{Authority}: {other} ({e.Message})",
            null => $"{Authority}: {e.Message}",
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Log hook {Hook}: {Destination} answered {Status} to {Count} records: {Outcome}")]
    private static partial void LogAnswer(ILogger logger, string hook, string destination, int count, int status, LogHookOutcome outcome);
}
