using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Shaping.Resolution;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Output;

/// <summary>
/// Renders an <see cref="EffectiveConfig"/> for people and scripts: JSON
/// <c>{"domain","source","site","providers","config","provenance"}</c> with the values as written, or
/// TOML with the provenance of each option as a comment. With defaults, every option that has a
/// built-in default and was not set is added with provenance <c>default</c>.
/// </summary>
public static class ExplainWriter
{
    internal static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(EffectiveConfig config, bool withDefaults)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            json.WriteString("domain", config.Domain);
            json.WriteString("source", config.Source);
            if (config.Site is null)
            {
                json.WriteNull("site");
            }
            else
            {
                json.WriteString("site", config.Site);
            }
            json.WriteStartArray("providers");
            foreach (var provider in config.Providers)
            {
                json.WriteStringValue(provider);
            }
            json.WriteEndArray();
            var options = Collect(config, withDefaults);
            json.WriteStartObject("config");
            foreach (var (name, value, _) in options)
            {
                json.WritePropertyName(name);
                TomlJson.Write(json, value);
            }
            json.WriteEndObject();
            json.WriteStartObject("provenance");
            foreach (var (name, _, provenance) in options)
            {
                json.WriteString(name, provenance);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string ToToml(EffectiveConfig config, bool withDefaults)
    {
        var text = new StringBuilder();
        text.Append("# effective egress path configuration\n");
        text.Append("# domain = ").Append(TomlSyntax.QuoteBasic(config.Domain)).Append('\n');
        text.Append("# source = ").Append(TomlSyntax.QuoteBasic(config.Source)).Append('\n');
        text.Append("# site = ").Append(config.Site is null ? "(none)" : TomlSyntax.QuoteBasic(config.Site)).Append('\n');
        text.Append("# providers = [").Append(string.Join(", ", config.Providers.Select(TomlSyntax.QuoteBasic))).Append("]\n");
        var options = Collect(config, withDefaults);
        foreach (var (name, value, provenance) in options.Where(o => o.Value is not TomlTable))
        {
            text.Append(TomlSyntax.FormatKey(name)).Append(" = ").Append(TomlWriter.FormatValue(value)).Append(" # ").Append(provenance).Append('\n');
        }
        foreach (var (name, value, provenance) in options.Where(o => o.Value is TomlTable))
        {
            text.Append('\n').Append('[').Append(TomlSyntax.FormatKey(name)).Append("] # ").Append(provenance).Append('\n');
            foreach (var entry in (TomlTable)value)
            {
                text.Append(TomlSyntax.FormatKey(entry.Key)).Append(" = ").Append(TomlWriter.FormatValue(entry.Value));
                if (entry.KeyPosition.IsKnown)
                {
                    text.Append(" # ").Append(entry.KeyPosition.ToProvenance());
                }
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>The options set by the files (order of first setting), then the defaults of the others in schema order.</summary>
    private static List<(string Name, TomlNode Value, string Provenance)> Collect(EffectiveConfig config, bool withDefaults)
    {
        var result = config.Options.Select(o => (o.Key, o.Value.Written, o.Value.Origin.ToProvenance())).ToList();
        if (withDefaults)
        {
            foreach (var option in EgressPathOptions.All)
            {
                if (!config.TryGetOption(option.Name, out _) && option.DefaultWritten is { } written)
                {
                    result.Add((option.Name, written, "default"));
                }
            }
        }
        return result;
    }
}
