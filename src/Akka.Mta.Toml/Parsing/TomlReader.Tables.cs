using Akka.Mta.Toml.Storage;

namespace Akka.Mta.Toml.Parsing;

/// <summary>Headers: <c>[a.b]</c> defines a table, <c>[[a.b]]</c> appends to an array of tables.</summary>
internal ref partial struct TomlReader
{
    private void ReadHeader()
    {
        var start = _pos;
        var position = PositionAt(start);
        var isArray = start + 1 < _src.Length && _src[start + 1] == '[';
        _pos += isArray ? 2 : 1;
        ReadKeyPath();
        if (_pos >= _src.Length || _src[_pos] != ']')
        {
            throw ErrorAt(_pos, $"expected '{(isArray ? "]]" : "]")}' to close the header, found {Describe(_pos)}");
        }
        _pos++;
        if (isArray)
        {
            if (_pos >= _src.Length || _src[_pos] != ']')
            {
                throw ErrorAt(_pos, $"expected ']]' to close the array-of-tables header, found {Describe(_pos)}");
            }
            _pos++;
        }

        var parent = WalkHeaderPath();
        _current = isArray ? AppendArrayElement(parent, position) : DefineTable(parent, position);
    }

    /// <summary>Follows all but the last key of a header from the root, creating implicit tables on the way.</summary>
    private readonly int WalkHeaderPath()
    {
        var t = Root;
        for (var i = 0; i < _keys.Count - 1; i++)
        {
            var segment = _keys[i];
            var found = _doc.Find(t, segment.Key);
            if (found < 0)
            {
                t = AddTable(t, segment, TomlTableKind.Implicit, segment.Position);
                continue;
            }
            var entry = _doc.Row(found);
            t = (entry.ValueKind, (TomlTableKind)entry.Form) switch
            {
                (TomlKind.Table, TomlTableKind.Inline) => throw ErrorAt(segment.Position,
                    $"the header cannot add to the inline table {FormatPath(i + 1)} (defined at {ValueLineColumn(entry)}); " +
                    "an inline table is complete once written"),
                (TomlKind.Table, _) => entry.Container,
                (TomlKind.Array, _) when entry.Form != 0 => _doc.Row(_doc.LastRow(entry.Container)).Container,
                _ => throw ErrorAt(segment.Position,
                    $"the key {FormatPath(i + 1)} is already {Article(entry)} (defined at {KeyLineColumn(entry)}), not a table"),
            };
        }
        return t;
    }

    private readonly int DefineTable(int parent, TomlPosition header)
    {
        var key = _keys[^1];
        var found = _doc.Find(parent, key.Key);
        if (found < 0)
        {
            return AddTable(parent, key, TomlTableKind.Header, header);
        }
        ref var entry = ref _doc.Row(found);
        switch (entry.ValueKind, (TomlTableKind)entry.Form)
        {
            case (TomlKind.Table, TomlTableKind.Implicit):
                entry.Form = (byte)TomlTableKind.Header;
                entry.Line = header.Line;
                entry.Column = header.Column;
                return entry.Container;
            case (TomlKind.Table, TomlTableKind.Dotted):
                throw ErrorAt(key.Position, $"the table {FormatPath(_keys.Count)} is already defined by dotted keys (at {KeyLineColumn(entry)})");
            case (TomlKind.Table, TomlTableKind.Inline):
                throw ErrorAt(key.Position, $"the table {FormatPath(_keys.Count)} is already defined as an inline table (at {ValueLineColumn(entry)})");
            case (TomlKind.Table, _):
                throw ErrorAt(key.Position, $"duplicate table {FormatPath(_keys.Count)} (first defined at {ValueLineColumn(entry)})");
            case (TomlKind.Array, _) when entry.Form != 0:
                throw ErrorAt(key.Position,
                    $"{FormatPath(_keys.Count)} is an array of tables (defined at {ValueLineColumn(entry)}); use [[{FormatPath(_keys.Count).Trim('"')}]] to add an element");
            default:
                throw ErrorAt(key.Position, $"the key {FormatPath(_keys.Count)} is already {Article(entry)} (defined at {KeyLineColumn(entry)})");
        }
    }

    private readonly int AppendArrayElement(int parent, TomlPosition header)
    {
        var key = _keys[^1];
        var found = _doc.Find(parent, key.Key);
        int array;
        if (found < 0)
        {
            var depth = _doc.Depth(parent) + 1;
            if (depth > _maxDepth)
            {
                throw TooDeep(header);
            }
            array = _doc.NewContainer(depth);
            _doc.Append(parent, TomlRow.Value(TomlKind.Array, array, header, form: 1).WithKey(key.Key, key.Position));
        }
        else
        {
            var entry = _doc.Row(found);
            array = entry.ValueKind switch
            {
                TomlKind.Array when entry.Form != 0 => entry.Container,
                TomlKind.Array => throw ErrorAt(key.Position,
                    $"cannot append to the static array {FormatPath(_keys.Count)} (defined at {KeyLineColumn(entry)}) with [[...]]"),
                _ => throw ErrorAt(key.Position,
                    $"the key {FormatPath(_keys.Count)} is already {Article(entry)} (defined at {ValueLineColumn(entry)}), not an array of tables"),
            };
        }
        var elementDepth = _doc.Depth(array) + 1;
        if (elementDepth > _maxDepth)
        {
            throw TooDeep(header);
        }
        var element = _doc.NewContainer(elementDepth);
        _doc.Append(array, TomlRow.Value(TomlKind.Table, element, header, form: (byte)TomlTableKind.ArrayElement));
        return element;
    }

    /// <summary>A new table under <paramref name="key"/> in <paramref name="parent"/>, starting at <paramref name="position"/>.</summary>
    private readonly int AddTable(int parent, KeySegment key, TomlTableKind kind, TomlPosition position)
    {
        var depth = _doc.Depth(parent) + 1;
        if (depth > _maxDepth)
        {
            throw TooDeep(position);
        }
        var table = _doc.NewContainer(depth);
        _doc.Append(parent, TomlRow.Value(TomlKind.Table, table, position, form: (byte)kind).WithKey(key.Key, key.Position));
        return table;
    }

    /// <summary>The root table's container id (the first one made).</summary>
    private const int Root = 0;
}
