namespace Akka.Mta.Toml;

/// <summary>
/// One key of a table with its value. <see cref="KeyPosition"/> is where the key is written
/// (for <c>a.b.c = 1</c>, the entry for <c>c</c> points at <c>c</c>); for a table created by a
/// header or a dotted key, where that key first appeared.
/// </summary>
public readonly record struct TomlEntry(string Key, TomlPosition KeyPosition, TomlNode Value);
