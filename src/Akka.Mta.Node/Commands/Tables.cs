using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// Spectre.Console tables for the admin verbs, written to the verb's output writer: no colours or
/// ANSI codes when that is not a terminal, and cells taken as text (queue names and reasons may hold
/// brackets, which Spectre would read as markup).
/// </summary>
internal static class Tables
{
    /// <summary>A console on <paramref name="output"/>; not a terminal, it is wide so that long queue names stay on one line for grep.</summary>
    public static IAnsiConsole Console(TextWriter output)
    {
        var terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 240;
        }
        return console;
    }

    public static Table Create(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)));
        }
        return table;
    }

    /// <summary>Adds a row of text cells; numbers are right-aligned.</summary>
    public static void Row(Table table, params string[] cells) => table.AddRow(cells.Select(c => (IRenderable)new Text(c)
    {
        Justification = long.TryParse(c, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _) ? Justify.Right : Justify.Left,
    }).ToArray());

    /// <summary>A JSON property as a cell: strings as they are, numbers and booleans as written, null or absent as empty.</summary>
    public static string Cell(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) ? Cell(value) : "";

    public static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };
}
