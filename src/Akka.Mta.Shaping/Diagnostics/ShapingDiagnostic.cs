using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Diagnostics;

/// <summary>How bad a finding of a load is: an error makes the load fail, a warning is reported only.</summary>
public enum ShapingSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One finding of a load or a validation, read like a compiler message:
/// <c>shaping.toml:12:7: provider.google.enable_tls: unknown value "Requird" ...</c>.
/// <see cref="KeyPath"/> is the dotted TOML path of the key at fault (empty for a file-level problem).
/// </summary>
public sealed record ShapingDiagnostic(ShapingSeverity Severity, TomlPosition Position, string KeyPath, string Message)
{
    public bool IsError => Severity == ShapingSeverity.Error;

    public override string ToString() => KeyPath.Length == 0 ? $"{Position}: {Message}" : $"{Position}: {KeyPath}: {Message}";
}
