using System.Collections;
using System.Globalization;
using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Input;

/// <summary>
/// Turns values handed over as .NET objects (a Lua policy's returned table, a test's dictionary)
/// into the node model shaping files are read into, so both take the same checks. Strings, booleans,
/// integers, floats (a float with an integral value becomes an integer, as Lua numbers often are),
/// lists and dictionaries with string keys are accepted; a dictionary whose keys are 1..n is a list.
/// </summary>
public static class ClrToToml
{
    /// <summary>The table of <paramref name="values"/>; every node carries <paramref name="origin"/> as its file.</summary>
    public static TomlTable ConvertTable(IReadOnlyDictionary<string, object?> values, string origin, DiagnosticBag diagnostics)
    {
        var position = new TomlPosition(origin, 0, 0);
        var table = new TomlTable(TomlTableKind.Header, position);
        foreach (var (key, value) in values)
        {
            if (Convert(value, position, KeyPath.Child("", key), diagnostics) is { } node)
            {
                table.Add(key, node, position);
            }
        }
        return table;
    }

    /// <summary>One value, or null after reporting why it cannot be a configuration value.</summary>
    public static TomlNode? Convert(object? value, TomlPosition position, string keyPath, DiagnosticBag diagnostics)
    {
        switch (value)
        {
            case null:
                diagnostics.Error(position, keyPath, "a value is required here (found nil/null)");
                return null;
            case TomlNode node:
                return node;
            case string s:
                return new TomlString(s, TomlStringStyle.Basic, position);
            case bool b:
                return new TomlBoolean(b, position);
            case sbyte or byte or short or ushort or int or uint or long:
                return new TomlInteger(System.Convert.ToInt64(value, CultureInfo.InvariantCulture), TomlIntegerFormat.Decimal, position);
            case ulong u when u <= long.MaxValue:
                return new TomlInteger((long)u, TomlIntegerFormat.Decimal, position);
            case float or double or decimal:
                var d = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) < 9.0e15
                    ? new TomlInteger((long)d, TomlIntegerFormat.Decimal, position)
                    : new TomlFloat(d, position);
            case TimeSpan t:
                return new TomlFloat(t.TotalSeconds, position);
            case IReadOnlyDictionary<string, object?> map:
                var table = new TomlTable(TomlTableKind.Inline, position);
                foreach (var (key, item) in map)
                {
                    if (Convert(item, position, KeyPath.Child(keyPath, key), diagnostics) is { } child)
                    {
                        table.Add(key, child, position);
                    }
                }
                return table;
            case IDictionary dictionary:
                return ConvertDictionary(dictionary, position, keyPath, diagnostics);
            case IEnumerable sequence:
                var array = new TomlArray(false, position);
                var i = 0;
                foreach (var item in sequence)
                {
                    if (Convert(item, position, KeyPath.Index(keyPath, i++), diagnostics) is { } element)
                    {
                        array.Add(element);
                    }
                }
                return array;
            default:
                diagnostics.Error(position, keyPath, $"a value of type {value.GetType().Name} cannot be a configuration value");
                return null;
        }
    }

    private static TomlNode? ConvertDictionary(IDictionary dictionary, TomlPosition position, string keyPath, DiagnosticBag diagnostics)
    {
        var entries = new List<(object Key, object? Value)>();
        foreach (DictionaryEntry entry in dictionary)
        {
            entries.Add((entry.Key, entry.Value));
        }
        if (entries.Count > 0 && entries.All(e => e.Key is long or int) && IsSequence(entries.Select(e => System.Convert.ToInt64(e.Key, CultureInfo.InvariantCulture))))
        {
            return Convert(entries.OrderBy(e => System.Convert.ToInt64(e.Key, CultureInfo.InvariantCulture)).Select(e => e.Value).ToList(), position, keyPath, diagnostics);
        }
        var table = new TomlTable(TomlTableKind.Inline, position);
        foreach (var (key, value) in entries)
        {
            if (key is not string name)
            {
                diagnostics.Error(position, keyPath, $"table keys must be strings, found {key}");
                continue;
            }
            if (Convert(value, position, KeyPath.Child(keyPath, name), diagnostics) is { } node)
            {
                table.Add(name, node, position);
            }
        }
        return table;
    }

    private static bool IsSequence(IEnumerable<long> keys)
    {
        var sorted = keys.Order().ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            if (sorted[i] != i + 1)
            {
                return false;
            }
        }
        return true;
    }
}
