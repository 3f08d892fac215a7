using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Model;

/// <summary>Checks written option values against an option schema and keeps them with their origins.</summary>
internal static class ParamReader
{
    /// <summary>The checked value of one option entry, or null after reporting why it is invalid.</summary>
    public static ParamValue? Read(OptionDefinition option, TomlEntry entry, string keyPath, DiagnosticBag diagnostics)
    {
        if (option.Type is not MapOptionType map)
        {
            var typed = option.Type.Read(entry.Value, keyPath, diagnostics);
            return typed is null ? null : new ScalarParam(entry.Value, typed, entry.KeyPosition);
        }
        if (entry.Value is not TomlTable table)
        {
            diagnostics.Error(entry.Value.Position, keyPath, $"expected {map.Expected}, found {OptionType.Describe(entry.Value)}");
            return null;
        }
        var entries = new List<MapEntry>(table.Count);
        var ok = true;
        foreach (var item in table)
        {
            if (map.Element.Read(item.Value, KeyPath.Child(keyPath, item.Key), diagnostics) is { } typed)
            {
                entries.Add(new MapEntry(item.Key, item.Value, typed, item.KeyPosition));
            }
            else
            {
                ok = false;
            }
        }
        return ok ? new MapParam(entries, entry.KeyPosition) : null;
    }

    /// <summary>
    /// Reads every key of <paramref name="table"/> as an option of <paramref name="schema"/>; keys the
    /// caller handles itself are skipped by <paramref name="isReserved"/>. Unknown keys are errors.
    /// </summary>
    public static ParamTable ReadAll(TomlTable table, IReadOnlyDictionary<string, OptionDefinition> schema, string keyPath,
        DiagnosticBag diagnostics, string what, Func<string, bool>? isReserved = null)
    {
        var result = new ParamTable();
        foreach (var entry in table)
        {
            if (isReserved?.Invoke(entry.Key) == true)
            {
                continue;
            }
            var path = KeyPath.Child(keyPath, entry.Key);
            if (!schema.TryGetValue(entry.Key, out var option))
            {
                ReportUnknown(entry.Key, entry.KeyPosition, path, schema.Keys, diagnostics, what);
                continue;
            }
            if (Read(option, entry, path, diagnostics) is { } value)
            {
                result.Set(entry.Key, value);
            }
        }
        return result;
    }

    /// <summary>Reports an unknown key, suggesting the closest known one.</summary>
    public static void ReportUnknown(string key, TomlPosition position, string keyPath, IEnumerable<string> known, DiagnosticBag diagnostics, string what)
    {
        var suggestion = Suggest(key, known);
        diagnostics.Error(position, keyPath, $"unknown {what} \"{key}\"{(suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)")}");
    }

    /// <summary>The known name closest to <paramref name="key"/> when it is close enough to be a typo.</summary>
    public static string? Suggest(string key, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(key, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.Max(2, key.Length / 4) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
