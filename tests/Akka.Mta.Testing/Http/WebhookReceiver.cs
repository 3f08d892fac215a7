using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Testing.Http;

/// <summary>What the receiver does with the next requests.</summary>
public enum WebhookBehaviour
{
    /// <summary>200, and the records count as received.</summary>
    Accept,

    /// <summary>500 Internal Server Error.</summary>
    Fail,

    /// <summary>400 Bad Request.</summary>
    Refuse,

    /// <summary>Reads the body, then never answers (until the client gives up).</summary>
    Hang,
}

/// <summary>One POST as the receiver saw it.</summary>
public sealed record WebhookRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers, int Status, bool? SignatureValid);

/// <summary>
/// A real HTTP receiver for webhook tests: Kestrel on 127.0.0.1 (a fixed port once started, so it
/// can be stopped, giving "connection refused", and started again at the same address). It answers
/// by <see cref="Behaviour"/>, checks an HMAC signature when given a key, and keeps every request
/// and the records of every accepted one (a JSON array body counts each element).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hook");

    public WebhookBehaviour Behaviour { get; set; } = WebhookBehaviour.Accept;

    /// <summary>When set, each request's <see cref="HmacHeader"/> must be <c>sha256=</c> + hex HMAC-SHA256 of the body under this key.</summary>
    public byte[]? HmacKey { get; set; }

    public string HmacHeader { get; set; } = "X-Signature-256";

    public ConcurrentQueue<WebhookRequest> Requests { get; } = new();

    /// <summary>The records of accepted requests, in arrival order (each as its JSON text).</summary>
    public ConcurrentQueue<JsonElement> Records { get; } = new();

    /// <summary>The accepted requests' bodies as lists of records (one batch each).</summary>
    public ConcurrentQueue<IReadOnlyList<JsonElement>> Batches { get; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var receiver = new WebhookReceiver(port);
        await receiver.StartAgainAsync();
        return receiver;
    }

    /// <summary>Listens again on the same port (after <see cref="StopAsync"/>).</summary>
    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapPost("/{**path}", HandleAsync);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops listening: connections are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stopping.Token);
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        bool? valid = null;
        if (HmacKey is { } key)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body)));
            valid = headers.TryGetValue(HmacHeader, out var got) && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(got), Encoding.ASCII.GetBytes(expected));
        }
        var behaviour = Behaviour;
        var status = valid == false ? 401 : behaviour switch
        {
            WebhookBehaviour.Fail => 500,
            WebhookBehaviour.Refuse => 400,
            _ => 200,
        };
        if (behaviour == WebhookBehaviour.Hang && valid != false)
        {
            Requests.Enqueue(new WebhookRequest(context.Request.Path, body, headers, 0, valid));
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return;
        }
        if (status == 200)
        {
            using var document = JsonDocument.Parse(body);
            var batch = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList()
                : [document.RootElement.Clone()];
            foreach (var record in batch)
            {
                Records.Enqueue(record);
            }
            Batches.Enqueue(batch);
        }
        Requests.Enqueue(new WebhookRequest(context.Request.Path, body, headers, status, valid));
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(status == 200 ? "ok" : status == 400 ? "bad record, go away" : status == 401 ? "bad signature" : "try later");
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
