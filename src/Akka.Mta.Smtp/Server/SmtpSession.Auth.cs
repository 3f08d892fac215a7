using System.Text;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Server;

/// <summary>AUTH PLAIN (RFC 4616) and LOGIN, with their 334 challenges (RFC 4954).</summary>
public sealed partial class SmtpSession
{
    private async ValueTask<Outcome> AuthAsync(AuthCommand auth)
    {
        if (_services.Authenticator is null)
        {
            return Error(SmtpReplies.AuthNotEnabled);
        }
        if (_info.AuthenticatedUser is not null)
        {
            return Error(SmtpReplies.AlreadyAuthenticated);
        }
        if (_tls is null && !_options.AllowAuthWithoutTls)
        {
            return Error(SmtpReplies.AuthNeedsTls);
        }
        (string User, string Password)? credentials;
        SmtpResponse? problem;
        switch (auth.Mechanism)
        {
            case "PLAIN":
                var plain = auth.InitialResponse ?? await ChallengeAsync(SmtpReplies.AuthContinue);
                (credentials, problem) = DecodePlain(plain);
                break;
            case "LOGIN":
                var user = auth.InitialResponse ?? await ChallengeAsync(SmtpReplies.AuthUsername);
                var password = user is null or "*" ? user : await ChallengeAsync(SmtpReplies.AuthPassword);
                (credentials, problem) = DecodeLogin(user, password);
                break;
            default:
                return Error(SmtpReplies.AuthUnknownMechanism);
        }
        if (problem is not null)
        {
            return problem == SmtpReplies.AuthCancelled ? Refuse(problem) : Error(problem);
        }
        if (credentials is null)
        {
            return Outcome.Close;
        }
        var (name, secret) = credentials.Value;
        SuspendDeadline();
        if (!await _services.Authenticator.AuthenticateAsync(_info, name, secret, _server.Stopping))
        {
            return Error(SmtpReplies.AuthFailed);
        }
        _info = _info with { AuthenticatedUser = name };
        Write(SmtpReplies.AuthSucceeded);
        return Outcome.Advance;
    }

    /// <summary>Sends a 334 challenge and reads the client's answer line; null when the client went away.</summary>
    private async ValueTask<string?> ChallengeAsync(SmtpResponse challenge)
    {
        Write(challenge);
        var (status, length) = await ReadLineAsync();
        if (status is null)
        {
            return null;
        }
        return status == LineStatus.Line ? Encoding.ASCII.GetString(_line, 0, length).Trim() : "";
    }

    private static ((string, string)?, SmtpResponse?) DecodePlain(string? response)
    {
        if (response is null)
        {
            return (null, null);
        }
        if (response == "*")
        {
            return (null, SmtpReplies.AuthCancelled);
        }
        if (!TryDecode(response, out var text))
        {
            return (null, SmtpReplies.AuthBadBase64);
        }
        var parts = text.Split('\0');
        if (parts.Length != 3 || parts[1].Length == 0 || (parts[0].Length > 0 && parts[0] != parts[1]))
        {
            return (null, SmtpReplies.AuthMalformed);
        }
        return ((parts[1], parts[2]), null);
    }

    private static ((string, string)?, SmtpResponse?) DecodeLogin(string? user, string? password)
    {
        if (user is null || password is null)
        {
            return (null, null);
        }
        if (user == "*" || password == "*")
        {
            return (null, SmtpReplies.AuthCancelled);
        }
        if (!TryDecode(user, out var name) || !TryDecode(password, out var secret))
        {
            return (null, SmtpReplies.AuthBadBase64);
        }
        return name.Length == 0 ? (null, SmtpReplies.AuthMalformed) : ((name, secret), null);
    }

    private static bool TryDecode(string base64, out string text)
    {
        text = "";
        if (base64 == "=")
        {
            return true;
        }
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var length))
        {
            return false;
        }
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
