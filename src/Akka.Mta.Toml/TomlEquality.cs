namespace Akka.Mta.Toml;

/// <summary>Value equality of nodes (see <see cref="TomlNode.ValueEquals"/>).</summary>
internal static class TomlEquality
{
    public static bool AreEqual(TomlNode a, TomlNode b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }
        switch (a)
        {
            case TomlTable ta:
                var tb = (TomlTable)b;
                if (ta.Count != tb.Count)
                {
                    return false;
                }
                foreach (var entry in ta)
                {
                    if (!tb.TryGetValue(entry.Key, out var other) || !AreEqual(entry.Value, other))
                    {
                        return false;
                    }
                }
                return true;
            case TomlArray aa:
                var ab = (TomlArray)b;
                if (aa.Count != ab.Count)
                {
                    return false;
                }
                for (var i = 0; i < aa.Count; i++)
                {
                    if (!AreEqual(aa[i], ab[i]))
                    {
                        return false;
                    }
                }
                return true;
            case TomlString s:
                return string.Equals(s.Value, ((TomlString)b).Value, StringComparison.Ordinal);
            case TomlInteger n:
                return n.Value == ((TomlInteger)b).Value;
            case TomlFloat f:
                var g = ((TomlFloat)b).Value;
                return double.IsNaN(f.Value) ? double.IsNaN(g) : f.Value == g && double.IsNegative(f.Value) == double.IsNegative(g);
            case TomlBoolean t:
                return t.Value == ((TomlBoolean)b).Value;
            case TomlOffsetDateTime o:
                return o.Value.EqualsExact(((TomlOffsetDateTime)b).Value);
            case TomlLocalDateTime l:
                return l.Value == ((TomlLocalDateTime)b).Value;
            case TomlLocalDate d:
                return d.Value == ((TomlLocalDate)b).Value;
            case TomlLocalTime t:
                return t.Value == ((TomlLocalTime)b).Value;
            default:
                return false;
        }
    }
}
