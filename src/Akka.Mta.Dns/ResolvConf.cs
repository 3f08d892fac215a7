using System.Globalization;
using System.Net;

namespace Akka.Mta.Dns;

/// <summary>
/// Reads <c>/etc/resolv.conf</c>: <c>nameserver</c> lines (an address, or an extension here,
/// <c>IP:PORT</c> / <c>[IPv6]:PORT</c>), and the options <c>timeout:n</c>, <c>attempts:n</c>,
/// <c>rotate</c>, <c>use-vc</c>. <c>search</c>, <c>domain</c>, <c>ndots</c> and the rest are
/// accepted and ignored: mail domains are always fully qualified. No nameserver line means
/// 127.0.0.1:53, as for glibc.
/// </summary>
public static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    public static DnsResolverOptions Load(string path = DefaultPath) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses resolv.conf text; a bad line throws <see cref="FormatException"/> naming source:line.</summary>
    public static DnsResolverOptions Parse(string text, string source)
    {
        var defaults = new DnsResolverOptions { Servers = [] };
        var servers = new List<IPEndPoint>();
        TimeSpan timeout = defaults.Timeout;
        int attempts = defaults.Attempts;
        bool rotate = false, useTcp = false;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            switch (words[0])
            {
                case "nameserver" when words.Length >= 2:
                    servers.Add(ParseServer(words[1]) ?? throw Error(source, lineNumber, $"nameserver \"{words[1]}\" is not an IP address or IP:PORT"));
                    break;
                case "nameserver":
                    throw Error(source, lineNumber, "nameserver without an address");
                case "options":
                    foreach (var option in words.Skip(1))
                    {
                        if (option.StartsWith("timeout:", StringComparison.Ordinal))
                        {
                            timeout = TimeSpan.FromSeconds(Math.Clamp(ParseNumber(option, source, lineNumber), 1, 30));
                        }
                        else if (option.StartsWith("attempts:", StringComparison.Ordinal))
                        {
                            attempts = Math.Clamp(ParseNumber(option, source, lineNumber), 1, 5);
                        }
                        else if (option == "rotate")
                        {
                            rotate = true;
                        }
                        else if (option == "use-vc")
                        {
                            useTcp = true;
                        }
                    }
                    break;
            }
        }
        if (servers.Count == 0)
        {
            servers.Add(new IPEndPoint(IPAddress.Loopback, 53));
        }
        return defaults with { Servers = servers, Timeout = timeout, Attempts = attempts, Rotate = rotate, UseTcp = useTcp };
    }

    /// <summary>Parses <c>IP</c> (port 53), <c>IP:PORT</c> or <c>[IPv6]:PORT</c>; null when it is none of these.</summary>
    public static IPEndPoint? ParseServer(string text)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            return new IPEndPoint(address, 53);
        }
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }
        return null;
    }

    private static int ParseNumber(string option, string source, int line)
    {
        var value = option[(option.IndexOf(':') + 1)..];
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Error(source, line, $"option \"{option}\" needs a number");
    }

    private static FormatException Error(string source, int line, string message) => new($"{source}:{line}: {message}");
}
