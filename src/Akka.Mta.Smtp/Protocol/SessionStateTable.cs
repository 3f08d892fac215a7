using System.Collections.Frozen;
using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// The SMTP session as a declarative table: for each state, the verbs allowed and the state the
/// session moves to when the command succeeds. A verb missing from a state's row is out of
/// sequence and gets <see cref="OutOfSequence"/>. A command that fails leaves the state as it is.
/// </summary>
public static class SessionStateTable
{
    private static readonly (SessionState State, (SmtpVerb Verb, SessionState Next)[] Allowed)[] Rows =
    [
        (SessionState.Connected,
        [
            (SmtpVerb.Ehlo, SessionState.Greeted), (SmtpVerb.Helo, SessionState.Greeted),
            (SmtpVerb.Noop, SessionState.Connected), (SmtpVerb.Rset, SessionState.Connected),
            (SmtpVerb.Quit, SessionState.Connected), (SmtpVerb.Vrfy, SessionState.Connected),
            (SmtpVerb.Expn, SessionState.Connected), (SmtpVerb.Help, SessionState.Connected),
        ]),
        (SessionState.Greeted,
        [
            (SmtpVerb.Ehlo, SessionState.Greeted), (SmtpVerb.Helo, SessionState.Greeted),
            (SmtpVerb.Mail, SessionState.MailGiven),
            (SmtpVerb.StartTls, SessionState.Connected), (SmtpVerb.Auth, SessionState.Greeted),
            (SmtpVerb.Noop, SessionState.Greeted), (SmtpVerb.Rset, SessionState.Greeted),
            (SmtpVerb.Quit, SessionState.Greeted), (SmtpVerb.Vrfy, SessionState.Greeted),
            (SmtpVerb.Expn, SessionState.Greeted), (SmtpVerb.Help, SessionState.Greeted),
        ]),
        (SessionState.MailGiven,
        [
            (SmtpVerb.Rcpt, SessionState.RcptGiven),
            (SmtpVerb.Ehlo, SessionState.Greeted), (SmtpVerb.Helo, SessionState.Greeted),
            (SmtpVerb.Noop, SessionState.MailGiven), (SmtpVerb.Rset, SessionState.Greeted),
            (SmtpVerb.Quit, SessionState.MailGiven), (SmtpVerb.Vrfy, SessionState.MailGiven),
            (SmtpVerb.Expn, SessionState.MailGiven), (SmtpVerb.Help, SessionState.MailGiven),
        ]),
        (SessionState.RcptGiven,
        [
            (SmtpVerb.Rcpt, SessionState.RcptGiven),
            (SmtpVerb.Data, SessionState.Greeted), (SmtpVerb.Bdat, SessionState.Chunking),
            (SmtpVerb.Ehlo, SessionState.Greeted), (SmtpVerb.Helo, SessionState.Greeted),
            (SmtpVerb.Noop, SessionState.RcptGiven), (SmtpVerb.Rset, SessionState.Greeted),
            (SmtpVerb.Quit, SessionState.RcptGiven), (SmtpVerb.Vrfy, SessionState.RcptGiven),
            (SmtpVerb.Expn, SessionState.RcptGiven), (SmtpVerb.Help, SessionState.RcptGiven),
        ]),
        (SessionState.Chunking,
        [
            (SmtpVerb.Bdat, SessionState.Chunking),
            (SmtpVerb.Ehlo, SessionState.Greeted), (SmtpVerb.Helo, SessionState.Greeted),
            (SmtpVerb.Noop, SessionState.Chunking), (SmtpVerb.Rset, SessionState.Greeted),
            (SmtpVerb.Quit, SessionState.Chunking), (SmtpVerb.Help, SessionState.Chunking),
        ]),
    ];

    private static readonly FrozenDictionary<(SessionState, SmtpVerb), SessionState> Transitions =
        Rows.SelectMany(row => row.Allowed.Select(a => KeyValuePair.Create((row.State, a.Verb), a.Next)))
            .ToFrozenDictionary();

    /// <summary>True when <paramref name="verb"/> is allowed in <paramref name="state"/>; <paramref name="next"/> is the state on success.</summary>
    public static bool TryGetTransition(SessionState state, SmtpVerb verb, out SessionState next) =>
        Transitions.TryGetValue((state, verb), out next);

    /// <summary>The 503 reply for a verb the state does not allow, saying what is expected instead.</summary>
    public static SmtpResponse OutOfSequence(SessionState state, SmtpVerb verb) => (state, verb) switch
    {
        (SessionState.Connected, _) => SmtpReplies.NeedEhlo,
        (SessionState.MailGiven or SessionState.RcptGiven, SmtpVerb.Mail) => SmtpReplies.NestedMail,
        (SessionState.MailGiven or SessionState.RcptGiven, SmtpVerb.Auth) => SmtpReplies.AuthDuringTransaction,
        (SessionState.Greeted, SmtpVerb.Rcpt or SmtpVerb.Data or SmtpVerb.Bdat) => SmtpReplies.NeedMail,
        (SessionState.MailGiven, SmtpVerb.Data or SmtpVerb.Bdat) => SmtpReplies.NeedRcpt,
        (SessionState.Chunking, SmtpVerb.Data) => SmtpReplies.DataAfterBdat,
        (SessionState.Chunking, _) => SmtpReplies.NotDuringChunking,
        _ => SmtpReplies.BadSequence,
    };
}
