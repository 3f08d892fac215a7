namespace Akka.Mta.Toml;

/// <summary>Element storage sized to fit: the parser lends a scratch array while it reads '[ ... ]' (see TomlTable).</summary>
public sealed partial class TomlArray
{
    /// <summary>Writes into <paramref name="scratch"/> from now on (the array must still be empty).</summary>
    internal void Borrow(TomlNode[] scratch) => _items = scratch;

    /// <summary>Moves the elements to an exact-size array; returns the scratch (perhaps grown) for reuse.</summary>
    internal TomlNode[] Seal()
    {
        var scratch = _items;
        _items = _count == 0 ? [] : scratch[.._count];
        return scratch;
    }
}
