using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Akka.Mta.Dns;

/// <summary>The reverse-lookup name of an address: <c>1.2.0.192.in-addr.arpa</c>, or nibbles under <c>ip6.arpa</c>.</summary>
public static class ReverseName
{
    public static string For(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        var builder = new StringBuilder();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            for (var i = bytes.Length - 1; i >= 0; i--)
            {
                builder.Append(bytes[i]).Append('.');
            }
            return builder.Append("in-addr.arpa").ToString();
        }
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            builder.Append("0123456789abcdef"[bytes[i] & 0xF]).Append('.');
            builder.Append("0123456789abcdef"[bytes[i] >> 4]).Append('.');
        }
        return builder.Append("ip6.arpa").ToString();
    }
}
