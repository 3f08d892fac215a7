using System.Net;
using System.Text.Json;
using Akka.Mta.Testing.Postfix;

namespace Akka.Mta.Smtp.Tests.Client.Peers;

/// <summary>The aiosmtpd server of <c>aiosmtpd_peer.py</c>, run with the system Python on a free loopback port.</summary>
internal sealed class AiosmtpdPeer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    private readonly ExternalProcess _process;

    private AiosmtpdPeer(ExternalProcess process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<AiosmtpdPeer> StartAsync(TlsFiles? tls = null, bool requireTls = false, (string User, string Password)? auth = null, bool smtpUtf8 = true)
    {
        var port = Loopback.FreePort();
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "Client", "Peers", "aiosmtpd_peer.py"), "--port", port.ToString() };
        if (tls is not null)
        {
            arguments.AddRange(["--cert", tls.CertificatePath, "--key", tls.KeyPath]);
        }
        if (requireTls)
        {
            arguments.Add("--require-tls");
        }
        if (auth is { } credentials)
        {
            arguments.AddRange(["--user", credentials.User, "--password", credentials.Password]);
        }
        if (!smtpUtf8)
        {
            arguments.Add("--no-smtputf8");
        }
        var process = ExternalProcess.Start(Python, arguments, keepStdinOpen: true);
        try
        {
            await process.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "aiosmtpd to start");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new AiosmtpdPeer(process, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>Waits for the n-th (1-based) message the peer accepted.</summary>
    public async Task<PeerMessage> WaitForMessageAsync(int number = 1, TimeSpan? deadline = null)
    {
        var line = await _process.WaitForLineAsync(
            l => l.StartsWith("MESSAGE ", StringComparison.Ordinal) && Messages().Count >= number,
            deadline ?? TimeSpan.FromSeconds(60), $"message #{number} at aiosmtpd");
        return Messages()[number - 1];
    }

    public IReadOnlyList<PeerMessage> Messages() =>
        [.. _process.Lines.Where(l => l.StartsWith("MESSAGE ", StringComparison.Ordinal))
            .Select(l => JsonSerializer.Deserialize<PeerMessage>(l["MESSAGE ".Length..], Json)!)];

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

internal sealed record PeerMessage(string MailFrom, string[] MailOptions, string[] RcptTos, string DataB64, bool Tls, string? Auth, string Peer, string Helo)
{
    public byte[] Data => Convert.FromBase64String(DataB64);
}
