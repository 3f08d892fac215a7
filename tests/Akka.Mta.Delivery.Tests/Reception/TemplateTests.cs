using System.Text.Json.Nodes;
using Akka.Mta.Delivery.Reception;

namespace Akka.Mta.Delivery.Tests.Reception;

public sealed class TemplateTests
{
    private static readonly Dictionary<string, JsonNode?> Vars = new()
    {
        ["name"] = "Ann <admin>",
        ["count"] = 3,
        ["account"] = new JsonObject { ["plan"] = "gold" },
    };

    [Theory]
    [InlineData("Hello {{ name }}!", "Hello Ann <admin>!")]
    [InlineData("Hello {{name}}", "Hello Ann <admin>")]
    [InlineData("{{ count }} items", "3 items")]
    [InlineData("plan={{ account.plan }}", "plan=gold")]
    [InlineData("[{{ missing }}]", "[]")]
    [InlineData("a{# note #}b", "ab")]
    [InlineData("json {\"k\": 1}", "json {\"k\": 1}")]
    public void Jinja_SubstitutesVariables(string template, string expected) =>
        Assert.Equal(expected, Template.Parse(template, TemplateDialect.Jinja).Render(Vars));

    [Theory]
    [InlineData("{% if x %}y{% endif %}", "statements")]
    [InlineData("{{ name | upper }}", "not a variable name")]
    [InlineData("{{ 1 + 2 }}", "not a variable name")]
    [InlineData("{{ name ", "unclosed")]
    public void Jinja_RefusesWhatItDoesNotImplement_NamingThePosition(string template, string expected)
    {
        var e = Assert.Throws<TemplateException>(() => Template.Parse("line one\n" + template, TemplateDialect.Jinja));
        Assert.Contains(expected, e.Message);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Handlebars_EscapesDoubleAndNotTripleStash()
    {
        var t = Template.Parse("{{name}} / {{{name}}}{{! comment }}", TemplateDialect.Handlebars);
        Assert.Equal("Ann &lt;admin&gt; / Ann <admin>", t.Render(Vars));
        Assert.Throws<TemplateException>(() => Template.Parse("{{#each list}}x{{/each}}", TemplateDialect.Handlebars));
    }

    [Fact]
    public void Static_LeavesBracesAlone() =>
        Assert.Equal("{{ name }}", Template.Parse("{{ name }}", TemplateDialect.Static).Render(Vars));
}
