using Akka.Mta.Testing.Toml;
using System.Text.Json;
using Xunit.Abstractions;

namespace Akka.Mta.Toml.Tests;

/// <summary>The toml-test suite for TOML 1.0.0: every valid case decodes to its JSON, every invalid case fails.</summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void ValidCases_DecodeToTheirTaggedJson()
    {
        Skip.If(TomlTestSuite.Directory is null, TomlTestSuite.MissingMessage);
        var cases = TomlTestSuite.ValidCases();
        var failures = new List<string>();
        foreach (var (name, toml, json) in cases)
        {
            try
            {
                var document = TomlParser.Parse(File.ReadAllBytes(toml), name + ".toml");
                using var expected = JsonDocument.Parse(File.ReadAllBytes(json));
                using var actual = JsonDocument.Parse(TomlTaggedJson.Write(document.Root));
                var difference = TaggedJsonComparer.Difference(expected.RootElement, actual.RootElement);
                if (difference is not null)
                {
                    failures.Add($"{name}: {difference}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"toml-test valid: {cases.Count - failures.Count} of {cases.Count} passed");
        Assert.True(cases.Count == 210, $"files-toml-1.0.0 lists {cases.Count} valid cases, expected 210");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} valid cases failed:\n" + string.Join("\n", failures));
    }

    [SkippableFact]
    public void InvalidCases_FailWithTomlExceptionCarryingLineAndColumn()
    {
        Skip.If(TomlTestSuite.Directory is null, TomlTestSuite.MissingMessage);
        var cases = TomlTestSuite.InvalidCases();
        var failures = new List<string>();
        foreach (var (name, toml) in cases)
        {
            try
            {
                TomlParser.Parse(File.ReadAllBytes(toml), name + ".toml");
                failures.Add($"{name}: parsed without error");
            }
            catch (TomlException e) when (e.Line >= 1 && e.Column >= 1 && e.File == name + ".toml")
            {
                output.WriteLine(e.Message);
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"toml-test invalid: {cases.Count - failures.Count} of {cases.Count} rejected");
        Assert.True(cases.Count == 499, $"files-toml-1.0.0 lists {cases.Count} invalid cases, expected 499");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} invalid cases failed:\n" + string.Join("\n", failures));
    }
}
