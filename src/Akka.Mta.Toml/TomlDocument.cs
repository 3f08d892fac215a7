namespace Akka.Mta.Toml;

/// <summary>A parsed TOML file: its root table and the file name it was read under (or null).</summary>
public sealed class TomlDocument(TomlTable root, string? fileName = null)
{
    public TomlTable Root { get; } = root;

    public string? FileName { get; } = fileName;

    public override string ToString() => TomlWriter.Write(Root);
}
