namespace Akka.Mta.Smtp.Client;

public sealed partial class SmtpClient
{
    /// <summary>AUTH PLAIN with an initial response (RFC 4954, RFC 4616), only where the options allow it.</summary>
    private async Task AuthenticateAsync(SmtpCredentials credentials)
    {
        var refusal =
            !IsTls && !_options.AllowAuthPlainWithoutTls ? "TLS is not in effect and allow_smtp_auth_plain_without_tls is false"
            : IsTls && !TlsCertificateValid && !_options.AllowAuthPlainWithoutValidCertificate
                ? "the server certificate did not validate and allow_smtp_auth_plain_without_valid_certificate is false"
            : !Capabilities.SupportsAuth("PLAIN") ? $"{HostName} does not offer AUTH PLAIN"
            : null;
        if (refusal is not null)
        {
            throw await FailWithReplyAsync(new SmtpFailure(SmtpFailureKind.NotDeliverableHere,
                Internal(451, 4, 7, 0, "AUTH PLAIN not attempted: " + refusal, ClientCommands.Names.Auth)), sayQuit: true);
        }
        var reply = await ExchangeAsync(w => ClientCommands.AuthPlain(w, credentials), ClientCommands.Names.Auth, _options.Timeouts.Auth);
        if (reply.Code == 235)
        {
            IsAuthenticated = true;
            return;
        }
        throw await FailWithReplyAsync(ClassifyGreeting(reply), sayQuit: true);
    }
}
