using Akka.Mta.Testing.Toml;
using Xunit.Abstractions;

namespace Akka.Mta.Toml.Tests;

/// <summary>parse -> write -> parse gives an equal document, for every valid toml-test case.</summary>
public sealed class RoundTripTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void EveryValidCase_WrittenAndReadBack_EqualsTheOriginal()
    {
        Skip.If(TomlTestSuite.Directory is null, TomlTestSuite.MissingMessage);
        var cases = TomlTestSuite.ValidCases();
        var failures = new List<string>();
        foreach (var (name, toml, _) in cases)
        {
            var original = TomlParser.Parse(File.ReadAllBytes(toml), name + ".toml");
            var written = TomlWriter.Write(original);
            try
            {
                var reread = TomlParser.Parse(written, "written.toml");
                if (!original.Root.ValueEquals(reread.Root))
                {
                    failures.Add($"{name}: the document read back differs\n--- written:\n{written}\n--- read back as:\n{TomlTaggedJson.Write(reread.Root)}");
                }
                else if (TomlWriter.Write(reread) != written)
                {
                    failures.Add($"{name}: writing the document read back gives different text\n--- first:\n{written}\n--- second:\n{TomlWriter.Write(reread)}");
                }
            }
            catch (TomlException e)
            {
                failures.Add($"{name}: the written text does not parse: {e.Message}\n--- written:\n{written}");
            }
        }
        output.WriteLine($"round trip: {cases.Count - failures.Count} of {cases.Count} valid cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} round trips failed:\n" + string.Join("\n", failures));
    }
}
