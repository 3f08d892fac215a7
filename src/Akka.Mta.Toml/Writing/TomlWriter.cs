using System.Text;

namespace Akka.Mta.Toml;

/// <summary>
/// Renders a table tree back to TOML 1.0. Each table keeps its form where TOML allows it: header
/// tables become <c>[a.b]</c> sections, arrays of tables <c>[[a.b]]</c> sections, dotted tables
/// dotted keys and inline tables <c>{ ... }</c>; implicit tables get no header of their own. Within a
/// table, plain keys come before sub-sections (TOML requires it), otherwise in the model's order.
/// Parsing the output gives a document whose values equal the input (<see cref="TomlNode.ValueEquals"/>).
/// </summary>
public static partial class TomlWriter
{
    /// <summary>The TOML text of a document's root table.</summary>
    public static string Write(TomlDocument document) => Write(document.Root);

    /// <summary>The TOML text of a root table.</summary>
    public static string Write(TomlTable root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var output = new StringBuilder();
        var sections = new List<Section>();
        WriteBody(output, root, [], [], sections);
        WriteSections(output, sections);
        return output.ToString();
    }

    /// <summary>Writes the TOML text of a root table to a writer.</summary>
    public static void Write(TomlTable root, TextWriter writer) => writer.Write(Write(root));

    /// <summary>A table or array of tables written after the plain keys, under its full path.</summary>
    private readonly record struct Section(string[] Path, TomlNode Node);

    /// <summary>
    /// Writes the plain keys of <paramref name="table"/> (dotted tables as dotted keys, prefixed by
    /// <paramref name="dotted"/>) and collects its sections, whose paths start with <paramref name="path"/>.
    /// </summary>
    private static void WriteBody(StringBuilder output, TomlTable table, string[] path, string[] dotted, List<Section> sections)
    {
        foreach (var entry in table)
        {
            switch (entry.Value)
            {
                case TomlTable { TableKind: TomlTableKind.Dotted, Count: > 0 } child:
                    WriteBody(output, child, path, [.. dotted, entry.Key], sections);
                    break;
                case TomlTable { TableKind: TomlTableKind.Dotted or TomlTableKind.Inline }:
                    WriteKeyValue(output, dotted, entry);
                    break;
                case TomlTable:
                    sections.Add(new Section([.. path, .. dotted, entry.Key], entry.Value));
                    break;
                case TomlArray { IsArrayOfTables: true, Count: > 0 }:
                    sections.Add(new Section([.. path, .. dotted, entry.Key], entry.Value));
                    break;
                default:
                    WriteKeyValue(output, dotted, entry);
                    break;
            }
        }
    }

    private static void WriteKeyValue(StringBuilder output, string[] dotted, TomlEntry entry)
    {
        foreach (var key in dotted)
        {
            output.Append(TomlSyntax.FormatKey(key)).Append('.');
        }
        output.Append(TomlSyntax.FormatKey(entry.Key)).Append(" = ");
        AppendInline(output, entry.Value, multiline: true);
        output.Append('\n');
    }

    private static void WriteSections(StringBuilder output, List<Section> sections)
    {
        foreach (var section in sections)
        {
            var header = TomlSyntax.FormatPath(section.Path);
            if (section.Node is TomlArray array)
            {
                foreach (var element in array)
                {
                    Separate(output);
                    output.Append("[[").Append(header).Append("]]\n");
                    WriteTable(output, (TomlTable)element, section.Path);
                }
                continue;
            }
            var table = (TomlTable)section.Node;
            var nested = new List<Section>();
            var body = new StringBuilder();
            WriteBody(body, table, section.Path, [], nested);
            if (body.Length > 0 || nested.Count == 0 || table.TableKind != TomlTableKind.Implicit)
            {
                Separate(output);
                output.Append('[').Append(header).Append("]\n");
            }
            output.Append(body);
            WriteSections(output, nested);
        }
    }

    private static void WriteTable(StringBuilder output, TomlTable table, string[] path)
    {
        var nested = new List<Section>();
        WriteBody(output, table, path, [], nested);
        WriteSections(output, nested);
    }

    /// <summary>A blank line before a header, except at the very start.</summary>
    private static void Separate(StringBuilder output)
    {
        if (output.Length > 0)
        {
            output.Append('\n');
        }
    }
}
