using Akka.Mta.Testing.Toml;
using System.Text.Json;
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

    [SkippableFact]
    public void EveryExpectedJson_EncodedAsToml_DecodesToTheSameJson()
    {
        Skip.If(TomlTestSuite.Directory is null, TomlTestSuite.MissingMessage);
        var cases = TomlTestSuite.ValidCases();
        var failures = new List<string>();
        foreach (var (name, _, json) in cases)
        {
            using var expected = JsonDocument.Parse(File.ReadAllBytes(json));
            var written = TomlWriter.Write(TomlTaggedJson.Read(expected.RootElement));
            try
            {
                using var actual = JsonDocument.Parse(TomlTaggedJson.Write(TomlParser.Parse(written).Root));
                var difference = TaggedJsonComparer.Difference(expected.RootElement, actual.RootElement);
                if (difference is not null)
                {
                    failures.Add($"{name}: {difference}\n--- written:\n{written}");
                }
            }
            catch (TomlException e)
            {
                failures.Add($"{name}: the written text does not parse: {e.Message}\n--- written:\n{written}");
            }
        }
        output.WriteLine($"encode: {cases.Count - failures.Count} of {cases.Count} expected documents");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} encodings failed:\n" + string.Join("\n", failures));
    }
}
