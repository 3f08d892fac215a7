using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Akka.Mta.Testing.SmtpServer;

/// <summary>
/// A scripted SMTP client for transcript tests: send raw text or lines, read whole replies
/// (multi-line included), expect codes, switch to TLS. Works over any stream: an in-memory pipe
/// pair or a socket. Every read has a deadline and says what it was waiting for when it fails.
/// </summary>
public sealed class SmtpTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Func<bool>? _hasPendingInput;
    private Stream _stream;
    private int _start;
    private int _end;
    private string _lastSent = "(nothing yet)";

    /// <param name="hasPendingInput">for in-memory connections: says whether server bytes are waiting, without blocking</param>
    public SmtpTestClient(Stream stream, Func<bool>? hasPendingInput = null)
    {
        _stream = stream;
        _hasPendingInput = hasPendingInput;
    }

    public static async Task<SmtpTestClient> ConnectAsync(System.Net.IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(endpoint, timeout.Token);
        return new SmtpTestClient(new NetworkStream(socket, ownsSocket: true));
    }

    /// <summary>Sends text as it is (no CRLF added), UTF-8.</summary>
    public async Task SendAsync(string raw) => await SendAsync(Encoding.UTF8.GetBytes(raw), raw);

    public async Task SendAsync(byte[] raw, string? description = null)
    {
        _lastSent = description ?? $"{raw.Length} bytes";
        using var timeout = new CancellationTokenSource(Deadline);
        await _stream.WriteAsync(raw, timeout.Token);
        await _stream.FlushAsync(timeout.Token);
    }

    /// <summary>Sends each line followed by CRLF, all in one write (a pipelined group).</summary>
    public Task SendLinesAsync(params string[] lines) => SendAsync(string.Concat(lines.Select(l => l + "\r\n")));

    /// <summary>Reads one complete reply; its lines joined with "\n" (CRLF removed).</summary>
    public async Task<string> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync();
            Assert.True(line is not null, $"the server closed the connection while a reply was expected (last sent: {_lastSent})");
            lines.Add(line!);
            if (line!.Length < 4 || line[3] != '-')
            {
                return string.Join('\n', lines);
            }
        }
    }

    /// <summary>Reads a reply and checks its code (and that it contains <paramref name="contains"/>).</summary>
    public async Task<string> ExpectAsync(int code, string? contains = null)
    {
        var reply = await ReadReplyAsync();
        Assert.True(reply.StartsWith(code.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            $"expected {code} after \"{_lastSent.Trim()}\", got \"{reply}\"");
        if (contains is not null)
        {
            Assert.True(reply.Contains(contains, StringComparison.Ordinal), $"expected \"{contains}\" in reply to \"{_lastSent.Trim()}\", got \"{reply}\"");
        }
        return reply;
    }

    /// <summary>Sends one line and expects a reply with <paramref name="code"/>.</summary>
    public async Task<string> CommandAsync(string line, int code, string? contains = null)
    {
        await SendLinesAsync(line);
        return await ExpectAsync(code, contains);
    }

    /// <summary>Expects the server to close the connection with nothing more to say.</summary>
    public async Task ExpectClosedAsync()
    {
        var line = await ReadLineAsync();
        Assert.True(line is null, $"expected the server to close the connection, got \"{line}\" (last sent: {_lastSent})");
    }

    /// <summary>True when the server has sent bytes not read yet (in-memory connections only).</summary>
    public bool HasPendingReply => _end > _start || (_hasPendingInput ?? throw new InvalidOperationException("only in-memory clients can peek"))();

    /// <summary>Starts TLS over the connection (any server certificate is accepted).</summary>
    public async Task StartTlsAsync(string targetHost = "localhost")
    {
        Assert.True(_end == _start, "bytes from the server were left unread before the TLS handshake");
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        using var timeout = new CancellationTokenSource(Deadline);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = targetHost }, timeout.Token);
        _stream = ssl;
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();

    private async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.UTF8.GetString(span[..lf]).TrimEnd('\r');
                _start += lf + 1;
                return line;
            }
            if (_start > 0)
            {
                span.CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            using var timeout = new CancellationTokenSource(Deadline);
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no reply within {Deadline.TotalSeconds} s after \"{_lastSent.Trim()}\"");
                throw;
            }
            catch (IOException)
            {
                read = 0;
            }
            if (read == 0)
            {
                return _end > _start ? Encoding.UTF8.GetString(_buffer, _start, _end - _start) : null;
            }
            _end += read;
        }
    }
}
