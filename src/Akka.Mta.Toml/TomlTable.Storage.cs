namespace Akka.Mta.Toml;

/// <summary>
/// Entry storage sized to fit. While the parser fills a table (its section, or an inline table up
/// to '}') the table writes into a scratch array lent by the parser; when the table is complete the
/// entries move to an array of exactly their count. Keys added later (a header naming a sub-table)
/// grow the array in small steps, since few such keys come.
/// </summary>
public sealed partial class TomlTable
{
    /// <summary>Writes into <paramref name="scratch"/> from now on (the current entries are copied in).</summary>
    internal void Borrow(TomlEntry[] scratch)
    {
        if (scratch.Length < _count)
        {
            scratch = new TomlEntry[_count * 2];
        }
        Array.Copy(_entries, scratch, _count);
        _entries = scratch;
    }

    /// <summary>Moves the entries to an exact-size array; returns the scratch (perhaps grown) for reuse.</summary>
    internal TomlEntry[] Seal()
    {
        var scratch = _entries;
        _entries = _count == 0 ? [] : scratch[.._count];
        return scratch;
    }

    private int GrownCapacity() => _count switch
    {
        0 => 2,
        < 16 => _count + 2,
        _ => _count + (_count / 2),
    };
}
