using System.Text;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// An RFC 5321 mailbox, <c>local-part@domain</c>. <see cref="LocalPart"/> is kept as it came on
/// the wire (a quoted string keeps its quotes) so <see cref="ToString"/> gives the address back.
/// </summary>
public sealed record Mailbox(string LocalPart, string Domain)
{
    public const int MaxLocalPartOctets = 64;

    /// <summary><c>local@domain</c>.</summary>
    public string Address => $"{LocalPart}@{Domain}";

    /// <summary>The local part without quotes and quoted-pair backslashes.</summary>
    public string UnquotedLocalPart => LocalPart.Length >= 2 && LocalPart[0] == '"'
        ? Unquote(LocalPart.AsSpan(1, LocalPart.Length - 2))
        : LocalPart;

    /// <summary>True when the address has only ASCII characters (else it needs SMTPUTF8).</summary>
    public bool IsAscii => Ascii.IsValid(LocalPart) && Ascii.IsValid(Domain);

    /// <summary>True for a domain literal such as <c>[192.0.2.1]</c>.</summary>
    public bool HasAddressLiteral => Domain.StartsWith('[');

    public override string ToString() => Address;

    private static string Unquote(ReadOnlySpan<char> quoted)
    {
        var builder = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length)
            {
                i++;
            }
            builder.Append(quoted[i]);
        }
        return builder.ToString();
    }
}
