namespace Akka.Mta.Delivery.Reception;

internal static class Addresses
{
    /// <summary>A plausible <c>local@domain</c>: one @, both sides non-empty, no spaces, brackets or line breaks.</summary>
    public static bool IsMailbox(string address)
    {
        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1
            && !address.AsSpan().ContainsAny(" \t\r\n<>,;")
            && address.AsSpan(at + 1).IndexOf('@') < 0;
    }
}
