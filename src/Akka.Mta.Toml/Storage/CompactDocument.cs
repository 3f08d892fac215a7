namespace Akka.Mta.Toml.Storage;

/// <summary>
/// A parsed document in compact form, as System.Text.Json's JsonDocument keeps one: every key/value
/// and array element is a <see cref="TomlRow"/>, the rows of each table or array side by side, and
/// strings sit once in a string table. Tables, arrays and scalars become <see cref="TomlNode"/>
/// objects only when they are read; the parsed <see cref="TomlTable"/> and <see cref="TomlArray"/>
/// keep the nodes they made, so a node read twice is the same object. The rows are kept in chunks
/// below the large object heap's threshold: a parse allocates nothing that only a full collection
/// frees.
/// </summary>
internal sealed class CompactDocument(TomlRow[][] chunks, string[] strings, string? file)
{
    /// <summary>Rows per chunk: 2,048 rows of 32 bytes, 64 KB (the large object heap starts at 85,000 bytes).</summary>
    public const int ChunkShift = 11;
    public const int ChunkRows = 1 << ChunkShift;

    public string? File { get; } = file;

    public ref readonly TomlRow this[int row] => ref chunks[row >> ChunkShift][row & (ChunkRows - 1)];

    public string String(int id) => strings[id];

    public string KeyAt(int row) => strings[this[row].Key];

    public TomlPosition KeyPositionAt(int row)
    {
        ref readonly var r = ref this[row];
        return new(File, r.KeyLine, r.KeyColumn);
    }

    /// <summary>The root table, whose rows come first.</summary>
    public TomlTable Root(int count) => new(this, 0, count, TomlTableKind.Document, new TomlPosition(File, 1, 1));

    /// <summary>
    /// The node of row <paramref name="start"/> + <paramref name="index"/>, kept in
    /// <paramref name="cache"/>[<paramref name="index"/>]: made once, and the same one to every reader, on any thread.
    /// </summary>
    public TomlNode CachedNode(TomlNode?[] cache, int start, int index)
    {
        var node = Volatile.Read(ref cache[index]);
        if (node is null)
        {
            var made = CreateNode(start + index);
            node = Interlocked.CompareExchange(ref cache[index], made, null) ?? made;
        }
        return node;
    }

    /// <summary>A new node for the value of a row.</summary>
    public TomlNode CreateNode(int index)
    {
        ref readonly var row = ref this[index];
        var position = new TomlPosition(File, row.Line, row.Column);
        return row.ValueKind switch
        {
            TomlKind.String => new TomlString(strings[(int)row.Payload], (TomlStringStyle)row.Form, position),
            TomlKind.Integer => new TomlInteger(row.Payload, (TomlIntegerFormat)row.Form, position),
            TomlKind.Float => new TomlFloat(BitConverter.Int64BitsToDouble(row.Payload), position),
            TomlKind.Boolean => new TomlBoolean(row.Payload != 0, position),
            TomlKind.OffsetDateTime => new TomlOffsetDateTime(new DateTimeOffset(row.Payload, TimeSpan.FromMinutes(row.OffsetMinutes)), position),
            TomlKind.LocalDateTime => new TomlLocalDateTime(new DateTime(row.Payload), position),
            TomlKind.LocalDate => new TomlLocalDate(DateOnly.FromDayNumber((int)row.Payload), position),
            TomlKind.LocalTime => new TomlLocalTime(new TimeOnly(row.Payload), position),
            TomlKind.Array => new TomlArray(this, row.Start, row.Count, isArrayOfTables: row.Form != 0, position),
            _ => new TomlTable(this, row.Start, row.Count, (TomlTableKind)row.Form, position),
        };
    }
}
