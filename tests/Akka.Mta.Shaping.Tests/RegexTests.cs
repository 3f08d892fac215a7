using System.Text.RegularExpressions;
using Akka.Mta.Shaping.Automation;

namespace Akka.Mta.Shaping.Tests;

/// <summary>KumoMTA's regex dialect (fancy-regex) in .NET.</summary>
public sealed class RegexTests
{
    [Theory]
    [InlineData(@"(?P<code>\d+) (?P=code)", @"(?<code>\d+) \k<code>")]
    [InlineData(@"\pL+\PN", @"\p{L}+\P{N}")]
    [InlineData(@"\p{Lu}", @"\p{Lu}")]
    [InlineData(@"\x{263A}", @"\u263A")]
    [InlineData(@"\\pL", @"\\pL")]
    [InlineData(@"^(?!.*KumoMTA internal).*RL000010", @"^(?!.*KumoMTA internal).*RL000010")]
    public void RustSpellings_BecomeDotNetSpellings(string rust, string dotnet)
    {
        Assert.Equal(dotnet, RustRegex.ToDotNet(rust));
    }

    [Theory]
    [InlineData(@"(?P<n>\d)x(?P=n)", "7x7", true)]
    [InlineData(@"(?P<n>\d)x(?P=n)", "7x8", false)]
    [InlineData(@"^(?!.*KumoMTA internal).*RL000010", "421 RL000010 throttled", true)]
    [InlineData(@"^(?!.*KumoMTA internal).*RL000010", "451 KumoMTA internal: RL000010", false)]
    [InlineData(@"(?i)server busy", "451 SERVER BUSY", true)]
    [InlineData(@"\pL\pL\pL", "421 abc", true)]
    public void TranslatedPatterns_MatchAsKumoMtaWould(string rust, string text, bool matches)
    {
        Assert.Equal(matches, new Regex(RustRegex.ToDotNet(rust)).IsMatch(text));
    }

    [Fact]
    public async Task CatastrophicPattern_TimesOut_AndCountsAsNoMatch()
    {
        var model = await TestShaping.Text(("slow.toml", """
            [["default".automation]]
            regex = "^(a+)+$"
            action = "Suspend"
            duration = "1h"
            """));
        var options = ShapingParseOptions.Default with { RegexMatchTimeout = TimeSpan.FromMilliseconds(1) };
        var strict = await TestShaping.Load([Input.ShapingInput.FromText("slow.toml", "[[\"default\".automation]]\nregex = \"^(a+)+$\"\naction = \"Suspend\"\nduration = \"1h\"\n")],
            Merging.ShapingLoadOptions.ForValidation with { Parse = options });

        var evil = new string('a', 40) + "!";

        Assert.Empty(strict.MatchRules(evil, false, "x.example", null, null));
        Assert.Single(model.MatchRules("aaaa", false, "x.example", null, null));
    }
}
