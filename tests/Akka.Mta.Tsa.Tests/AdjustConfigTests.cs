using Akka.Mta.Shaping.Merging;
using Akka.Mta.Shaping.Input;
using static Akka.Mta.Tsa.Tests.TsaTestData;

namespace Akka.Mta.Tsa.Tests;

/// <summary>AdjustConfig: lower an option by a percentage with a floor, recover in steps (gradual recovery).</summary>
public sealed class AdjustConfigTests
{
    private const string Rule = """
        [["default".automation]]
        regex = "slow down"
        action = {AdjustConfig={name="connection_limit", reduce_percent=50, floor=2, step_after="10m", step_percent=25}}
        duration = "1h"
        """;

    [Fact]
    public void AdjustConfig_FiresForThePath_WithItsSettings_AndSurvivesASnapshot()
    {
        var rules = Rules(Rule);
        var (state, fired) = TsaState.Empty(rules).Apply(Record(T0, "451 4.7.1 slow down"), T0);

        var adjust = Assert.IsType<AdjustConfigEffect>(Assert.Single(fired));
        Assert.Equal((ExamplePath, "connection_limit", 50, 2L, TimeSpan.FromMinutes(10), 25),
            (adjust.Path, adjust.Option, adjust.ReducePercent, adjust.Floor, adjust.StepAfter, adjust.StepPercent));
        var restored = Assert.IsType<AdjustConfigEffect>(Assert.Single(TsaState.FromJson(state.ToJson(), rules).ActiveEffects(T0)));
        Assert.Equal(adjust with { Expires = restored.Expires }, restored);
    }

    [Theory]
    [InlineData("{AdjustConfig={name=\"enable_tls\", reduce_percent=50, floor=2, step_after=\"10m\", step_percent=25}}", "name")]
    [InlineData("{AdjustConfig={name=\"connection_limit\", reduce_percent=150, floor=2, step_after=\"10m\", step_percent=25}}", "reduce_percent")]
    [InlineData("{AdjustConfig={name=\"connection_limit\", reduce_percent=50, step_after=\"10m\", step_percent=25}}", "floor")]
    [InlineData("{AdjustConfig={name=\"connection_limit\", reduce_percent=50, floor=2, step_after=\"10m\", step_percent=25, colour=1}}", "colour")]
    public async Task AdjustConfig_ThatDoesNotCheck_NamesTheKey(string action, string key)
    {
        var model = await ShapingLoader.LoadAsync([ShapingInput.FromText("r.toml", $"""
            [["default".automation]]
            regex = "x"
            action = {action}
            duration = "1h"
            """)], NoDnsMxHostsSource.Instance);

        var error = Assert.Single(model.Errors);
        Assert.Contains("AdjustConfig." + key, error.KeyPath);
    }
}
