namespace Akka.Mta.Toml.Storage;

/// <summary>
/// One key/value of a parsed table, or one element of a parsed array, in 32 bytes that hold no
/// references: a parsed document is a few large arrays to the garbage collector, not an object per
/// value. Nodes are made from rows when they are first read (see <see cref="CompactDocument"/>).
/// </summary>
internal struct TomlRow
{
    /// <summary>The key's string id (see <see cref="CompactDocument.String"/>); -1 for an array element.</summary>
    public int Key;

    public int KeyLine;

    public int KeyColumn;

    /// <summary>Where the value starts (for a table, <see cref="TomlNode.Position"/>).</summary>
    public int Line;

    public int Column;

    /// <summary>A <see cref="TomlKind"/>.</summary>
    public byte Kind;

    /// <summary>
    /// The source form: a <see cref="TomlStringStyle"/>, a <see cref="TomlIntegerFormat"/>, a
    /// <see cref="TomlTableKind"/>, or 1 for an array of tables.
    /// </summary>
    public byte Form;

    /// <summary>An offset date-time's offset in minutes.</summary>
    public short OffsetMinutes;

    /// <summary>
    /// The value: a string id, the integer, the float's bits, 0 or 1, a date/time's ticks (a date's
    /// day number). For a table or an array: its container id while the document is read, then the
    /// start and count of its rows (<see cref="Start"/>, <see cref="Count"/>).
    /// </summary>
    public long Payload;

    public readonly TomlKind ValueKind => (TomlKind)Kind;

    public readonly bool IsContainer => Kind is (byte)TomlKind.Table or (byte)TomlKind.Array;

    /// <summary>The container id of a table or array row while the document is read.</summary>
    public readonly int Container => (int)Payload;

    /// <summary>Where a table's or array's rows start in the finished document.</summary>
    public readonly int Start => (int)(Payload >> 32);

    /// <summary>How many rows a table or array has in the finished document.</summary>
    public readonly int Count => (int)Payload;

    public static long Range(int start, int count) => ((long)start << 32) | (uint)count;

    public static TomlRow Value(TomlKind kind, long payload, TomlPosition at, byte form = 0, short offsetMinutes = 0) => new()
    {
        Key = -1,
        Line = at.Line,
        Column = at.Column,
        Kind = (byte)kind,
        Form = form,
        OffsetMinutes = offsetMinutes,
        Payload = payload,
    };

    /// <summary>This value under a key written at <paramref name="at"/>.</summary>
    public readonly TomlRow WithKey(int key, TomlPosition at) => this with { Key = key, KeyLine = at.Line, KeyColumn = at.Column };
}
