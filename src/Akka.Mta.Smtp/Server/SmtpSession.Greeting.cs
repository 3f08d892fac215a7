using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Server;

/// <summary>The greeting, EHLO/HELO and the policy hook helper.</summary>
public sealed partial class SmtpSession
{
    /// <summary>Sends the greeting unless the client talked first or the policy refused the connection.</summary>
    private async ValueTask<bool> GreetAsync()
    {
        if (_options.GreetingDelay > TimeSpan.Zero)
        {
            SetDeadline(_options.GreetingDelay + _options.CommandTimeout);
            await Task.Delay(_options.GreetingDelay, _services.Time, _abort.Token);
        }
        if (_reader.TryRead(out var early))
        {
            var talked = !early.Buffer.IsEmpty;
            _reader.AdvanceTo(early.Buffer.Start);
            if (talked)
            {
                Write(SmtpReplies.EarlyTalker);
                return false;
            }
        }
        _connectNotified = true;
        var decision = await CheckAsync("OnConnect", (policy, info, ct) => policy.OnConnectAsync(info, ct));
        if (!decision.IsAccepted)
        {
            Write(decision.Reply!);
            return false;
        }
        Write(SmtpReplies.Greeting(_options.HostName, _options.Banner));
        return true;
    }

    private async ValueTask<Outcome> GreetedAsync(string clientName, bool extended)
    {
        var decision = await CheckAsync("OnEhlo", (policy, info, ct) => policy.OnEhloAsync(info, clientName, ct));
        if (!decision.IsAccepted)
        {
            return Refuse(decision.Reply!);
        }
        Reset();
        _info = _info with { HeloName = clientName, IsExtended = extended };
        Write(extended
            ? SmtpReplies.EhloOk(_options.HostName, clientName, Extensions())
            : SmtpReplies.HeloOk(_options.HostName));
        return Outcome.Advance;
    }

    /// <summary>The EHLO keywords on offer now (STARTTLS before TLS, AUTH after it unless allowed in clear).</summary>
    private IEnumerable<string> Extensions()
    {
        yield return "PIPELINING";
        yield return $"SIZE {_options.MaxMessageSize}";
        yield return "8BITMIME";
        if (_options.SmtpUtf8)
        {
            yield return "SMTPUTF8";
        }
        yield return "ENHANCEDSTATUSCODES";
        if (_options.Chunking)
        {
            yield return "CHUNKING";
        }
        if (_server.TlsOptions is not null && _tls is null)
        {
            yield return "STARTTLS";
        }
        if (_services.Authenticator is not null && (_tls is not null || _options.AllowAuthWithoutTls))
        {
            yield return "AUTH PLAIN LOGIN";
        }
        yield return "HELP";
    }

    /// <summary>
    /// Runs a policy hook. Replies written so far are flushed first when the hook does not answer
    /// at once, the deadline is suspended while it works, and a hook that throws gives 451.
    /// </summary>
    private async ValueTask<PolicyDecision> CheckAsync(
        string hook, Func<ISmtpSessionPolicy, SmtpSessionInfo, CancellationToken, ValueTask<PolicyDecision>> call)
    {
        try
        {
            var pending = call(_services.Policy, _info, _server.Stopping);
            if (pending.IsCompletedSuccessfully)
            {
                return pending.Result;
            }
            await FlushAsync();
            SuspendDeadline();
            return await pending;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.PolicyFailed(_server.Logger, ex, _info.ConnectionId, hook);
            return PolicyDecision.Reject(SmtpReplies.PolicyFailed);
        }
    }

    private static SmtpResponse? CheckAddress(Mailbox? address, bool smtpUtf8) =>
        address is { IsAscii: false } && !smtpUtf8 ? SmtpReplies.NonAsciiWithoutSmtpUtf8 : null;
}
