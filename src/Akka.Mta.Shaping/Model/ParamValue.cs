using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Model;

/// <summary>
/// An option value as a shaping file wrote it, where it was written, and its checked form.
/// <see cref="Written"/> keeps the file's spelling (strings stay strings, integers stay integers)
/// for explain output; <see cref="Typed"/> is what the MTA uses (a <c>LimitSpec</c>, a <c>TimeSpan</c>, ...).
/// </summary>
public abstract record ParamValue(TomlPosition Origin)
{
    /// <summary>The value in written form (for a map, a table of its entries).</summary>
    public abstract TomlNode Written { get; }
}

/// <summary>A single value.</summary>
public sealed record ScalarParam(TomlNode Value, object Typed, TomlPosition Origin) : ParamValue(Origin)
{
    public override TomlNode Written => Value;
}

/// <summary>One named entry of a map-valued option.</summary>
public sealed record MapEntry(string Key, TomlNode Value, object Typed, TomlPosition Origin);

/// <summary>
/// A map-valued option (<c>additional_connection_limits</c> and the other <c>additional_*</c>):
/// its entries in order, each with where it was written. <see cref="ParamValue.Origin"/> is where
/// the map was last touched.
/// </summary>
public sealed record MapParam(IReadOnlyList<MapEntry> Entries, TomlPosition Origin) : ParamValue(Origin)
{
    public override TomlNode Written
    {
        get
        {
            var table = new TomlTable(TomlTableKind.Inline, Origin);
            foreach (var entry in Entries)
            {
                table.Add(entry.Key, entry.Value, entry.Origin);
            }
            return table;
        }
    }

    /// <summary>This map with <paramref name="other"/>'s entries added or overwritten in place (KumoMTA's map merge).</summary>
    public MapParam MergedWith(MapParam other)
    {
        var entries = new List<MapEntry>(Entries.Count + other.Entries.Count);
        entries.AddRange(Entries);
        foreach (var entry in other.Entries)
        {
            var at = entries.FindIndex(e => string.Equals(e.Key, entry.Key, StringComparison.Ordinal));
            if (at >= 0)
            {
                entries[at] = entry;
            }
            else
            {
                entries.Add(entry);
            }
        }
        return new MapParam(entries, other.Origin);
    }

    /// <summary>The typed entries in order.</summary>
    public OrderedDictionary<string, T> ToTyped<T>()
    {
        var result = new OrderedDictionary<string, T>(Entries.Count, StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            result[entry.Key] = (T)entry.Typed;
        }
        return result;
    }
}
