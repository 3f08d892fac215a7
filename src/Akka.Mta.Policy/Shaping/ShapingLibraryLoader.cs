using System.Text.Json.Nodes;
using Akka.Mta.Shaping.Merging;
using Akka.Mta.Toml;

namespace Akka.Mta.Policy.Shaping;

/// <summary>
/// <see cref="IShapingLoader"/> over Akka.Mta.Shaping: loads KumoMTA-format files with the given
/// MX source, refuses a model with errors (listing them with file:line), and answers
/// <c>get_egress_path_config</c> with the merged options as the files wrote them. As KumoMTA's
/// shaping helper does, <c>refresh_strategy</c> defaults to <c>"Epoch"</c>.
/// </summary>
public sealed class ShapingLibraryLoader(IMxHostsSource mx, ShapingLoadOptions? options = null) : IShapingLoader
{
    private ShapingModel? _lastModel;

    /// <summary>
    /// The model the policy loaded last (null before it loaded any): the automation (TSA) reads its
    /// rules from the same files the policy shapes with.
    /// </summary>
    public ShapingModel? LastModel => Volatile.Read(ref _lastModel);

    public IShapingModel Load(IReadOnlyList<string> paths)
    {
        var model = Task.Run(() => ShapingLoader.LoadFilesAsync(paths, mx, options)).GetAwaiter().GetResult();
        if (model.HasErrors)
        {
            var errors = model.Errors.Take(5).Select(e => e.ToString()).ToList();
            var more = model.Errors.Count() - errors.Count;
            throw new InvalidOperationException("mta.shaping.load: " + string.Join("; ", errors) + (more > 0 ? $" (and {more} more)" : string.Empty));
        }
        Volatile.Write(ref _lastModel, model);
        return new Model(model, mx);
    }

    private sealed class Model(ShapingModel model, IMxHostsSource mx) : IShapingModel
    {
        public JsonObject GetEgressPathConfig(string domain, string source, string site)
        {
            var hosts = Task.Run(async () => await mx.GetMxHostsAsync(domain)).GetAwaiter().GetResult();
            var effective = model.Resolve(domain, source, site, hosts);
            var result = new JsonObject();
            foreach (var (name, value) in effective.Options)
            {
                result[name] = ToJson(value.Written);
            }
            if (!result.ContainsKey("refresh_strategy"))
            {
                result["refresh_strategy"] = "Epoch";
            }
            return result;
        }
    }

    internal static JsonNode? ToJson(TomlNode node) => node switch
    {
        TomlString s => JsonValue.Create(s.Value),
        TomlInteger i => JsonValue.Create(i.Value),
        TomlFloat f when double.IsFinite(f.Value) => JsonValue.Create(f.Value),
        TomlBoolean b => JsonValue.Create(b.Value),
        TomlArray a => new JsonArray(a.Select(ToJson).ToArray()),
        TomlTable t => new JsonObject(t.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        _ => JsonValue.Create(TomlWriter.FormatValue(node)),
    };
}
