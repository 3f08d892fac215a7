using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Akka.Mta.Persistence.Schema;

/// <summary>
/// Reads the SQL embedded beside each provider: <c>&lt;Provider&gt;/Queries.sql</c>, split into named
/// statements by <c>-- name: x</c> lines, and <c>&lt;Provider&gt;/Migrations/NNNN_what.sql</c>.
/// </summary>
internal static partial class SqlResources
{
    private static readonly System.Reflection.Assembly Assembly = typeof(SqlResources).Assembly;

    /// <summary>The named statements of <c>&lt;provider&gt;/Queries.sql</c>.</summary>
    public static IReadOnlyDictionary<string, string> LoadQueries(string provider)
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        var text = new StringBuilder();
        foreach (var line in Read($"{provider}/Queries.sql").Split('\n'))
        {
            var header = NameLine().Match(line);
            if (header.Success)
            {
                Add();
                name = header.Groups[1].Value;
                continue;
            }
            text.Append(line).Append('\n');
        }
        Add();
        return queries;

        void Add()
        {
            if (name is not null)
            {
                queries.Add(name, text.ToString().Trim());
            }
            text.Clear();
        }
    }

    /// <summary>The migrations of a provider, by ascending version; versions must be 1, 2, 3... without gaps.</summary>
    public static IReadOnlyList<Migration> LoadMigrations(string provider)
    {
        var prefix = $"{provider}/Migrations/";
        var migrations = Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..];
                var match = MigrationFile().Match(file);
                if (!match.Success)
                {
                    throw new InvalidOperationException($"migration {n} is not named NNNN_what.sql");
                }
                return new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, Read(n));
            })
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"{provider} migrations skip or repeat a version at {migrations[i].Version}");
            }
        }
        return migrations;
    }

    private static string Read(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded SQL {resource} is missing from {Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^--\s*name:\s*(\S+)\s*$")]
    private static partial Regex NameLine();

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex MigrationFile();
}

/// <summary>One numbered schema change.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
