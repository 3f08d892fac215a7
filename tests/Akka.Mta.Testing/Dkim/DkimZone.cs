using Akka.Mta.Testing.Dns;

namespace Akka.Mta.Testing.Dkim;

public static class DkimZone
{
    /// <summary>
    /// Publishes a DKIM key record at <c>selector._domainkey.domain</c>, split into TXT
    /// character-strings of at most 255 bytes (an RSA 2048 key needs two).
    /// </summary>
    public static DnsZone DkimKey(this DnsZone zone, string selector, string domain, string record)
    {
        var strings = new List<string>();
        for (var i = 0; i < record.Length; i += 255)
        {
            strings.Add("\"" + record.Substring(i, Math.Min(255, record.Length - i)) + "\"");
        }
        return zone.Record($"{selector}._domainkey.{domain}. 300 IN TXT {string.Join(' ', strings)}");
    }
}
