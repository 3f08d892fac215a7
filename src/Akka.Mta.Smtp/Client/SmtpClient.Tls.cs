using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Akka.Mta.Smtp.Client;

public sealed partial class SmtpClient
{
    private bool _tlsHandshakeFailed;

    /// <summary>
    /// STARTTLS per <see cref="SmtpClientOptions.EnableTls"/> (RFC 3207). Opportunistic modes go
    /// on in plain text when STARTTLS is not offered or is refused with a reply; a failed
    /// handshake fails the connection in every mode (the connection is unusable by then).
    /// </summary>
    private async Task NegotiateTlsAsync()
    {
        if (_options.EnableTls == SmtpTlsMode.Disabled)
        {
            return;
        }
        if (!Capabilities.StartTls)
        {
            if (_options.TlsIsRequired)
            {
                throw await FailWithReplyAsync(new SmtpFailure(SmtpFailureKind.TlsFailure,
                    Internal(421, 4, 7, 4, $"TLS is required ({_options.EnableTls}) but {HostName} does not offer STARTTLS")), sayQuit: true);
            }
            return;
        }
        var reply = await ExchangeAsync(ClientCommands.StartTls, ClientCommands.Names.StartTls, _options.Timeouts.StartTls);
        if (reply.Code != 220)
        {
            if (_options.TlsIsRequired || reply.Code is < 400 or >= 600)
            {
                var failure = reply.Code is >= 400 and < 600 ? new SmtpFailure(SmtpFailureKind.TlsFailure, reply)
                    : new SmtpFailure(SmtpFailureKind.ProtocolError, reply);
                throw await FailWithReplyAsync(failure, sayQuit: true);
            }
            Log.StartTlsRefused(_logger, HostName, reply.ToSingleLine());
            return;
        }
        await HandshakeTlsAsync();
        Capabilities = EhloCapabilities.None;
        await GreetAsync();
    }

    private async Task HandshakeTlsAsync()
    {
        // Bytes after the 220 would be read as if they came through TLS: refuse them (RFC 3207 5, CVE-2011-0411 style injection).
        if (_reader.TryRead(out var leftover))
        {
            var injected = !leftover.Buffer.IsEmpty;
            _reader.AdvanceTo(leftover.Buffer.Start);
            if (injected)
            {
                throw await FailAsync(new SmtpProtocolException("the server sent data after its 220 reply to STARTTLS"),
                    ClientCommands.Names.StartTls, _options.Timeouts.StartTls);
            }
        }
        await _reader.CompleteAsync();
        await _writer.CompleteAsync();
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        _stream = ssl;
        (_reader, _writer) = Pipes(ssl);
        var insecure = _options.TlsIsInsecure;
        var valid = false;
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = _options.TlsServerName ?? HostName,
            EnabledSslProtocols = SslProtocols.None,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, _, _, errors) =>
            {
                valid = errors == SslPolicyErrors.None;
                return valid || insecure;
            },
        };
        try
        {
            var token = BeginStep(_options.Timeouts.StartTls);
            await ssl.AuthenticateAsClientAsync(authentication, token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_callerToken.IsCancellationRequested)
        {
            _tlsHandshakeFailed = true;
            var text = ex is OperationCanceledException
                ? $"TLS handshake with {HostName} timed out after {_options.Timeouts.StartTls.TotalSeconds:0.###}s"
                : $"TLS handshake with {HostName} failed: {Innermost(ex).Message}";
            throw await FailAsync(new SmtpClientException(new SmtpFailure(SmtpFailureKind.TlsFailure, Internal(421, 4, 7, 5, text)), ex),
                ClientCommands.Names.StartTls, _options.Timeouts.StartTls);
        }
        catch (OperationCanceledException ex)
        {
            throw await FailAsync(ex, ClientCommands.Names.StartTls, _options.Timeouts.StartTls);
        }
        TlsProtocol = ssl.SslProtocol;
        TlsCertificateValid = valid;
        Log.TlsEstablished(_logger, HostName, ssl.SslProtocol, ssl.NegotiatedCipherSuite, valid);
    }
}
