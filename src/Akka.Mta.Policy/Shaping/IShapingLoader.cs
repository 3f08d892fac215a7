using System.Text.Json.Nodes;

namespace Akka.Mta.Policy.Shaping;

/// <summary>
/// What <c>mta.shaping.load{files}</c> calls: the shaping library merges KumoMTA-format shaping
/// files (TOML or JSON, later layered over earlier) into one model. Paths arrive absolute
/// (relative names are resolved against the policy directory). Throws with file:line on a bad
/// file. The host caches the model per policy epoch and shares it between Lua states, so a model
/// must be immutable and thread-safe.
/// </summary>
public interface IShapingLoader
{
    IShapingModel Load(IReadOnlyList<string> paths);
}

/// <summary>A merged shaping model.</summary>
public interface IShapingModel
{
    /// <summary>
    /// The merged egress path parameters for (domain, egress source, site name) — the table
    /// <c>shaping:get_egress_path_config</c> returns to Lua, which the hook may adjust and return.
    /// </summary>
    JsonObject GetEgressPathConfig(string domain, string source, string site);
}
