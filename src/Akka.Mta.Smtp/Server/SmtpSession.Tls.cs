using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Server;

/// <summary>STARTTLS (RFC 3207): the session's pipes are swapped for pipes over an <see cref="SslStream"/>.</summary>
public sealed partial class SmtpSession
{
    private async ValueTask<Outcome> StartTlsAsync()
    {
        if (_tls is not null)
        {
            return Error(SmtpReplies.TlsAlreadyActive);
        }
        if (_server.TlsOptions is null)
        {
            Write(SmtpReplies.TlsNotAvailable);
            return Outcome.Stay;
        }
        Write(SmtpReplies.ReadyForTls);
        await FlushAsync();
        // Plain text pipelined after STARTTLS must not be read as if it came over TLS (CVE-2011-0411).
        if (_reader.TryRead(out var injected))
        {
            _reader.AdvanceTo(injected.Buffer.End);
        }
        var ssl = new SslStream(new DuplexPipeStream(_connection.Transport), leaveInnerStreamOpen: false);
        SetDeadline(_options.TlsHandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(_server.TlsOptions, _abort.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // Garbage or silence instead of a handshake: nothing sensible can be said in clear text now.
            Log.TlsFailed(_server.Logger, _info.ConnectionId, ex.Message);
            await ssl.DisposeAsync();
            return Outcome.Close;
        }
        _tls = ssl;
        _reader = PipeReader.Create(ssl, new StreamPipeReaderOptions(leaveOpen: true));
        _writer = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
        _info = _info with { Tls = new TlsInfo(ssl.SslProtocol, ssl.NegotiatedCipherSuite), HeloName = null, IsExtended = false };
        Reset();
        return Outcome.Advance;
    }
}
