using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Client;

public sealed partial class SmtpClient
{
    private async Task HandshakeAsync(bool attemptTls, CancellationToken cancellationToken)
    {
        using var scope = Enter(cancellationToken);
        await ReadBannerAsync();
        await GreetAsync();
        if (attemptTls)
        {
            await NegotiateTlsAsync();
        }
        else if (_options.TlsIsRequired)
        {
            throw await FailWithReplyAsync(new SmtpFailure(SmtpFailureKind.TlsFailure,
                Internal(421, 4, 7, 4, $"TLS is required for {HostName} but was not attempted")), sayQuit: true);
        }
        if (_options.AuthPlain is { } credentials)
        {
            await AuthenticateAsync(credentials);
        }
    }

    private async Task ReadBannerAsync()
    {
        SmtpResponse banner;
        try
        {
            var token = BeginStep(_options.Timeouts.Banner);
            banner = await ReadReplyAsync(null, token);
        }
        catch (Exception ex) when (ex is not SmtpClientException)
        {
            throw await FailAsync(ex, "waiting for the banner", _options.Timeouts.Banner, SmtpFailureKind.BannerTimeout);
        }
        Banner = banner;
        if (banner.Code != 220)
        {
            // 554 "no service here", 421 "busy": RFC 5321 3.1 says the client should QUIT.
            throw await FailWithReplyAsync(ClassifyBanner(banner), sayQuit: banner.Code != 421);
        }
    }

    private static SmtpFailure ClassifyBanner(SmtpResponse banner) =>
        banner.Code is >= 400 and < 600 ? SmtpFailure.FromReply(banner)
            : new SmtpFailure(SmtpFailureKind.ProtocolError, banner);

    /// <summary>EHLO; a 5xx (command not recognised, ESMTP not supported) falls back to HELO.</summary>
    private async Task GreetAsync()
    {
        var domain = _options.EffectiveEhloDomain;
        var ehlo = await ExchangeAsync(w => ClientCommands.Ehlo(w, domain), ClientCommands.Names.Ehlo, _options.Timeouts.Ehlo);
        if (ehlo.Code == 250)
        {
            Capabilities = EhloCapabilities.Parse(ehlo);
            UsedHelo = false;
            return;
        }
        if (ehlo.Code is >= 500 and < 600)
        {
            var helo = await ExchangeAsync(w => ClientCommands.Helo(w, domain), ClientCommands.Names.Helo, _options.Timeouts.Ehlo);
            if (helo.Code == 250)
            {
                Log.FellBackToHelo(_logger, HostName, ehlo.ToSingleLine());
                Capabilities = EhloCapabilities.None;
                UsedHelo = true;
                return;
            }
            ehlo = helo;
        }
        throw await FailWithReplyAsync(ClassifyGreeting(ehlo), sayQuit: ehlo.Code != 421);
    }

    private static SmtpFailure ClassifyGreeting(SmtpResponse reply) =>
        reply.Code is >= 400 and < 600 ? SmtpFailure.FromReply(reply) : new SmtpFailure(SmtpFailureKind.ProtocolError, reply);

    /// <summary>One command, one reply, under one step timeout; connection-level trouble is classified and closes the connection.</summary>
    private async Task<SmtpResponse> ExchangeAsync(Action<System.Buffers.IBufferWriter<byte>> format, string command, TimeSpan timeout)
    {
        try
        {
            var token = BeginStep(timeout);
            format(_writer);
            await _writer.FlushAsync(token);
            var reply = await ReadReplyAsync(command, token);
            if (reply.Code == 421)
            {
                throw await FailWithReplyAsync(SmtpFailure.FromReply(reply), sayQuit: false);
            }
            return reply;
        }
        catch (Exception ex) when (ex is not SmtpClientException)
        {
            throw await FailAsync(ex, command, timeout);
        }
    }
}
