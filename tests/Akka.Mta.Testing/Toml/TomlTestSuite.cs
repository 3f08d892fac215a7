namespace Akka.Mta.Testing.Toml;

/// <summary>
/// The toml-test conformance data in ../shared/conformance/toml-test beside the repository (found by
/// walking up from the test assembly to the folder holding Akka.Mta.sln). Only the files listed in
/// files-toml-1.0.0 are TOML 1.0 cases. The data is read in place, never copied.
/// </summary>
public static class TomlTestSuite
{
    public const string MissingMessage =
        "toml-test data not found: expected ../shared/conformance/toml-test next to the repository root (the folder holding Akka.Mta.sln)";

    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The suite folder, or null when it is not there.</summary>
    public static string? Directory => Root.Value;

    /// <summary>Valid cases: (name such as "valid/array/empty", path of the .toml, path of the .json).</summary>
    public static IReadOnlyList<(string Name, string Toml, string Json)> ValidCases() =>
        Listed("valid/").Select(name => (name, Path.Combine(Directory!, name + ".toml"), Path.Combine(Directory!, name + ".json"))).ToList();

    /// <summary>Invalid cases: (name, path of the .toml).</summary>
    public static IReadOnlyList<(string Name, string Toml)> InvalidCases() =>
        Listed("invalid/").Select(name => (name, Path.Combine(Directory!, name + ".toml"))).ToList();

    private static IEnumerable<string> Listed(string prefix) =>
        File.ReadAllLines(Path.Combine(Directory!, "files-toml-1.0.0"))
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal))
            .Select(line => line[..^".toml".Length]);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Akka.Mta.sln")))
            {
                var suite = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "toml-test"));
                return File.Exists(Path.Combine(suite, "files-toml-1.0.0")) ? suite : null;
            }
        }
        return null;
    }
}
