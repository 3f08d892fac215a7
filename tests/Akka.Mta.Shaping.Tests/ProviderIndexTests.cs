using System.Text;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Shaping.Tests;

/// <summary>Provider matching: domain suffixes, MX suffixes and host names, every host matching.</summary>
public sealed class ProviderIndexTests
{
    [Fact]
    public async Task ManyProviders_BeyondOneBitWord_MatchInDeclarationOrder()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 150; i++)
        {
            text.Append($"[provider.\"p{i}\"]\nmatch = [{{MXSuffix = \".p{i}.example\"}}, {{DomainSuffix = \".d{i % 3}.example\"}}]\n");
        }
        var model = await TestShaping.Text(("many.toml", text.ToString()));

        var byMx = model.MatchProviders("x.example", MxHostsResult.FromHosts(["mx.p130.example"]));
        var byDomain = model.MatchProviders("a.d1.example", null);

        Assert.Equal(["p130"], byMx.Select(p => p.Name));
        Assert.Equal(Enumerable.Range(0, 150).Where(i => i % 3 == 1).Select(i => $"p{i}"), byDomain.Select(p => p.Name));
    }

    [Fact]
    public async Task EveryHost_MustMatch_SomeRuleOfTheProvider()
    {
        var model = await TestShaping.Text(("p.toml", """
            [provider."mixed"]
            match = [{MXSuffix = ".one.example"}, {HostName = "backup.two.example"}]
            """));

        Assert.Single(model.MatchProviders("a.example", MxHostsResult.FromHosts(["mx1.one.example", "backup.two.example"])));
        Assert.Empty(model.MatchProviders("a.example", MxHostsResult.FromHosts(["mx1.one.example", "other.two.example"])));
        Assert.Single(model.MatchProviders("a.example", MxHostsResult.FromHosts(["MX1.ONE.EXAMPLE."])));
        Assert.Empty(model.MatchProviders("a.example", MxHostsResult.NullMx));
        Assert.Empty(model.MatchProviders("a.example", MxHostsResult.Failed("timeout")));
    }

    [Fact]
    public async Task Suffixes_ArePlainStringSuffixes_AsInKumoMta()
    {
        var model = await TestShaping.Text(("p.toml", """
            [provider."dot"]
            match = [{DomainSuffix = ".example.com"}]
            [provider."nodot"]
            match = [{DomainSuffix = "example.net"}]
            """));

        Assert.Empty(model.MatchProviders("example.com", null));
        Assert.Equal(["dot"], model.MatchProviders("Mail.Example.COM.", null).Select(p => p.Name));
        Assert.Equal(["nodot"], model.MatchProviders("notexample.net", null).Select(p => p.Name));
    }

    [Fact]
    public async Task ProviderWithoutMatchRules_NeverMatches()
    {
        var model = await TestShaping.Text(("p.toml", "[provider.\"empty\"]\nconnection_limit = 1\n"));

        Assert.Empty(model.MatchProviders("anything.example", MxHostsResult.FromHosts(["mx.anything.example"])));
    }
}
