using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>Replies to bad input: syntax, sequence, addresses and malformed lines or data.</summary>
public static partial class SmtpReplies
{
    public static readonly SmtpResponse UnknownCommand = Reply(500, "5.5.2", "Syntax error, command unrecognized");
    public static readonly SmtpResponse NotImplemented = Reply(502, "5.5.1", "Command not implemented");
    public static readonly SmtpResponse LineTooLong = Reply(500, "5.5.2", "Line too long");
    public static readonly SmtpResponse BareLineEndingInCommand = Reply(500, "5.5.2", "Bare CR or LF in command; lines must end with CRLF");
    public static readonly SmtpResponse NulInCommand = Reply(500, "5.5.2", "NUL character in command");
    public static readonly SmtpResponse InvalidUtf8InCommand = Reply(500, "5.5.2", "Command is not valid UTF-8");

    public static readonly SmtpResponse NeedEhlo = Reply(503, "5.5.1", "Bad sequence of commands: send EHLO or HELO first");
    public static readonly SmtpResponse NeedMail = Reply(503, "5.5.1", "Bad sequence of commands: send MAIL first");
    public static readonly SmtpResponse NeedRcpt = Reply(503, "5.5.1", "Bad sequence of commands: send RCPT first");
    public static readonly SmtpResponse NestedMail = Reply(503, "5.5.1", "Bad sequence of commands: MAIL already given, send RSET first");
    public static readonly SmtpResponse DataAfterBdat = Reply(503, "5.5.1", "Bad sequence of commands: DATA not allowed after BDAT in one transaction");
    public static readonly SmtpResponse BadSequence = Reply(503, "5.5.1", "Bad sequence of commands");
    public static readonly SmtpResponse NotDuringChunking = Reply(503, "5.5.1", "Bad sequence of commands: finish the BDAT transaction or send RSET");

    public static readonly SmtpResponse EhloSyntax = Reply(501, "5.5.4", "Syntax: EHLO hostname");
    public static readonly SmtpResponse HeloSyntax = Reply(501, "5.5.4", "Syntax: HELO hostname");
    public static readonly SmtpResponse InvalidHeloName = Reply(501, "5.5.4", "Invalid hostname: expected a domain or an address literal");
    public static readonly SmtpResponse MailSyntax = Reply(501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]");
    public static readonly SmtpResponse RcptSyntax = Reply(501, "5.5.4", "Syntax: RCPT TO:<address> [parameters]");
    public static readonly SmtpResponse NoArguments = Reply(501, "5.5.4", "Syntax error: this command takes no arguments");
    public static readonly SmtpResponse BdatSyntax = Reply(501, "5.5.4", "Syntax: BDAT size [LAST]");
    public static readonly SmtpResponse AuthSyntax = Reply(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
    public static readonly SmtpResponse BadSizeParameter = Reply(501, "5.5.4", "Bad SIZE parameter: expected a number of octets");
    public static readonly SmtpResponse BadBodyParameter = Reply(501, "5.5.4", "Bad BODY parameter: expected 7BIT or 8BITMIME");
    public static readonly SmtpResponse DuplicateParameter = Reply(501, "5.5.4", "Parameter given twice");
    public static readonly SmtpResponse BadParameterSyntax = Reply(501, "5.5.4", "Bad parameter syntax: expected KEYWORD or KEYWORD=value");

    public static readonly SmtpResponse BadSenderAddress = Reply(501, "5.1.7", "Bad sender address syntax");
    public static readonly SmtpResponse BadRecipientAddress = Reply(501, "5.1.3", "Bad recipient address syntax");
    public static readonly SmtpResponse NonAsciiWithoutSmtpUtf8 = Reply(553, "5.6.7", "Address has non-ASCII characters but SMTPUTF8 was not requested");
    public static readonly SmtpResponse NoValidRecipients = Reply(554, "5.5.1", "No valid recipients");

    public static readonly SmtpResponse BareLineEndingInData = Reply(554, "5.6.0", "Message has a bare CR or LF; lines must end with CRLF");
    public static readonly SmtpResponse NulInData = Reply(554, "5.6.0", "Message has a NUL character");
    public static readonly SmtpResponse DataLineTooLong = Reply(554, "5.6.0", "Message has a line longer than 998 octets (RFC 5321 4.5.3.1.6)");
    public static readonly SmtpResponse EarlyTalker = Reply(554, "5.5.1", "Protocol error: data sent before the greeting");

    /// <summary><c>555 5.5.4</c> for a MAIL or RCPT parameter the server does not support.</summary>
    public static SmtpResponse UnsupportedParameter(string keyword) => Reply(555, "5.5.4", $"Unsupported parameter: {keyword}");
}
