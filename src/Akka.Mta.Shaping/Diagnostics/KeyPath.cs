using System.Globalization;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Diagnostics;

/// <summary>Builds the dotted key paths named in messages: <c>"comcast.net".automation[1].trigger</c>.</summary>
internal static class KeyPath
{
    public static string Child(string parent, string key) =>
        parent.Length == 0 ? TomlSyntax.FormatKey(key) : parent + "." + TomlSyntax.FormatKey(key);

    public static string Index(string parent, int index) => parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
}
