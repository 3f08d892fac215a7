using Akka.Mta.Policy.Options;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Smtp.Client;

namespace Akka.Mta.Delivery.Egress;

/// <summary>The SMTP client settings of an egress path: its shaping config and its egress source.</summary>
public static class ClientOptionsFactory
{
    public static SmtpClientOptions Create(EgressPathConfig config, EgressSource source, string defaultEhloDomain) => new()
    {
        Port = source.RemotePort ?? config.SmtpPort,
        EhloDomain = config.EhloDomain ?? source.EhloDomain ?? defaultEhloDomain,
        SourceAddress = source.SourceAddress,
        EnableTls = config.EnableTls switch
        {
            TlsMode.Opportunistic => SmtpTlsMode.Opportunistic,
            TlsMode.OpportunisticInsecure => SmtpTlsMode.OpportunisticInsecure,
            TlsMode.Required => SmtpTlsMode.Required,
            TlsMode.RequiredInsecure => SmtpTlsMode.RequiredInsecure,
            _ => SmtpTlsMode.Disabled,
        },
        OpportunisticTlsReconnectOnFailedHandshake = config.OpportunisticTlsReconnectOnFailedHandshake,
        EnablePipelining = config.EnablePipelining,
        EnableRset = config.EnableRset,
        AuthPlain = config.SmtpAuthPlainUsername is { } user && config.SmtpAuthPlainPassword is DataKeySource password
            ? new SmtpCredentials(user, password.Data)
            : null,
        AllowAuthPlainWithoutTls = config.AllowSmtpAuthPlainWithoutTls,
        AllowAuthPlainWithoutValidCertificate = config.AllowSmtpAuthPlainWithoutValidCertificate,
        Ignore8BitChecks = config.Ignore8BitChecks,
        Timeouts = new SmtpTimeouts
        {
            Connect = config.ConnectTimeout,
            Banner = config.BannerTimeout,
            Ehlo = config.EhloTimeout,
            Auth = config.AuthTimeout,
            MailFrom = config.MailFromTimeout,
            RcptTo = config.RcptToTimeout,
            Data = config.DataTimeout,
            DataDot = config.DataDotTimeout,
            Rset = config.RsetTimeout,
            StartTls = config.StarttlsTimeout,
            Idle = config.IdleTimeout,
        },
    };
}
