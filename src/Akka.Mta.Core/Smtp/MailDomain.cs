namespace Akka.Mta.Core.Smtp;

/// <summary>The domain part of a mail address.</summary>
public static class MailDomain
{
    /// <summary>
    /// The lowercased domain after the last <c>@</c> of <paramref name="address"/> (a trailing <c>&gt;</c>
    /// of a header's <c>Name &lt;a@b&gt;</c> form dropped), or null for the null sender and addresses without one.
    /// </summary>
    public static string? Of(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..].Trim().TrimEnd('>').ToLowerInvariant() : null;
    }
}
