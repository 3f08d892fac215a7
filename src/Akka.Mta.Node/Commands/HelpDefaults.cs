using System.CommandLine;
using System.CommandLine.Help;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// Every flag's help line says what happens without it: options with a default value show it
/// (<c>[default: ...]</c>, or a <c>(default: ...)</c> in the description when the default comes from
/// configuration), required ones say so, and the rest (filters, switches) are marked here: a switch
/// is off, any other option unset.
/// </summary>
internal static class HelpDefaults
{
    public static T WithDefaultsInHelp<T>(this T command) where T : Command
    {
        foreach (var option in command.Options)
        {
            var isSwitch = option.ValueType == typeof(bool);
            // A switch has an implicit default (false) the help does not print.
            if (option is HelpOption or VersionOption || option.Required || (option.HasDefaultValue && !isSwitch)
                || (option.Description ?? "").Contains("default", StringComparison.OrdinalIgnoreCase)
                || (option.Description ?? "").Contains("one of --", StringComparison.Ordinal))
            {
                continue;
            }
            var unset = isSwitch ? "(default: off)" : "(default: none)";
            option.Description = string.IsNullOrEmpty(option.Description) ? unset : $"{option.Description} {unset}";
        }
        foreach (var subcommand in command.Subcommands)
        {
            subcommand.WithDefaultsInHelp();
        }
        return command;
    }
}
