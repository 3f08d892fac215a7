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
        var next = isArray ? AppendArrayElement(parent, position) : DefineTable(parent, position);
        CloseSectionsOffPath();
        OpenSection(next);
        _current = next;
    }

    /// <summary>Lends scratch storage to a table that becomes a section (its entries are copied in).</summary>
    private void OpenSection(TomlTable table)
    {
        var last = _freeSectionScratch.Count - 1;
        TomlEntry[] scratch;
        if (last >= 0)
        {
            scratch = _freeSectionScratch[last];
            _freeSectionScratch.RemoveAt(last);
        }
        else
        {
            scratch = new TomlEntry[32];
        }
        table.Borrow(scratch);
        _openSections.Add(table);
    }

    /// <summary>Seals the open sections the new header does not lead through (they are complete until a later header names them again).</summary>
    private void CloseSectionsOffPath()
    {
        var keep = _openSections.Count;
        while (keep > 0 && !_headerPath.Contains(_openSections[keep - 1]))
        {
            keep--;
        }
        CloseSections(keep);
    }

    /// <summary>Seals the open sections above the first <paramref name="keepCount"/>, returning their scratch.</summary>
    private void CloseSections(int keepCount)
    {
        for (var i = _openSections.Count - 1; i >= keepCount; i--)
        {
            _freeSectionScratch.Add(_openSections[i].Seal());
            _openSections.RemoveAt(i);
        }
    }

    /// <summary>
    /// Follows all but the last key of a header, creating implicit tables on the way; records the
    /// tables passed in <see cref="_headerPath"/>.
    /// </summary>
    private readonly TomlTable WalkHeaderPath()
    {
        var t = _root;
        _headerPath.Clear();
        for (var i = 0; i < _keys.Count - 1; i++)
        {
            _headerPath.Add(t);
            var segment = _keys[i];
            var index = t.IndexOf(segment.Name);
            if (index < 0)
            {
                var child = NewTable(t, TomlTableKind.Implicit, segment.Position);
                t.AddUnchecked(segment.Name, child, segment.Position);
                t = child;
                continue;
            }
            ref readonly var entry = ref t.EntryAt(index);
            t = entry.Value switch
            {
                TomlTable { TableKind: TomlTableKind.Inline } inline => throw ErrorAt(segment.Position,
                    $"the header cannot add to the inline table {FormatPath(i + 1)} (defined at {inline.Position.ToLineColumn()}); " +
                    "an inline table is complete once written"),
                TomlTable table => table,
                TomlArray { IsArrayOfTables: true } array => (TomlTable)array[array.Count - 1],
                var node => throw ErrorAt(segment.Position,
                    $"the key {FormatPath(i + 1)} is already {Article(node)} (defined at {entry.KeyPosition.ToLineColumn()}), not a table"),
            };
        }
        _headerPath.Add(t);
        return t;
    }

    private readonly TomlTable DefineTable(TomlTable parent, TomlPosition header)
    {
        var key = _keys[^1];
        var index = parent.IndexOf(key.Name);
        if (index < 0)
        {
            var table = NewTable(parent, TomlTableKind.Header, header);
            parent.AddUnchecked(key.Name, table, key.Position);
            return table;
        }
        ref readonly var entry = ref parent.EntryAt(index);
        switch (entry.Value)
        {
            case TomlTable { TableKind: TomlTableKind.Implicit } implicitTable:
                implicitTable.TableKind = TomlTableKind.Header;
                implicitTable.Position = header;
                return implicitTable;
            case TomlTable { TableKind: TomlTableKind.Dotted }:
                throw ErrorAt(key.Position, $"the table {FormatPath(_keys.Count)} is already defined by dotted keys (at {entry.KeyPosition.ToLineColumn()})");
            case TomlTable { TableKind: TomlTableKind.Inline } inline:
                throw ErrorAt(key.Position, $"the table {FormatPath(_keys.Count)} is already defined as an inline table (at {inline.Position.ToLineColumn()})");
            case TomlTable table:
                throw ErrorAt(key.Position, $"duplicate table {FormatPath(_keys.Count)} (first defined at {table.Position.ToLineColumn()})");
            case TomlArray { IsArrayOfTables: true } array:
                throw ErrorAt(key.Position,
                    $"{FormatPath(_keys.Count)} is an array of tables (defined at {array.Position.ToLineColumn()}); use [[{FormatPath(_keys.Count).Trim('"')}]] to add an element");
            case var node:
                throw ErrorAt(key.Position, $"the key {FormatPath(_keys.Count)} is already {Article(node)} (defined at {entry.KeyPosition.ToLineColumn()})");
        }
    }

    private readonly TomlTable AppendArrayElement(TomlTable parent, TomlPosition header)
    {
        var key = _keys[^1];
        var index = parent.IndexOf(key.Name);
        TomlArray array;
        if (index < 0)
        {
            array = new TomlArray(isArrayOfTables: true, header) { Depth = parent.Depth + 1 };
            if (array.Depth > _maxDepth)
            {
                throw TooDeep(header);
            }
            parent.AddUnchecked(key.Name, array, key.Position);
        }
        else
        {
            ref readonly var entry = ref parent.EntryAt(index);
            array = entry.Value switch
            {
                TomlArray { IsArrayOfTables: true } existing => existing,
                TomlArray => throw ErrorAt(key.Position,
                    $"cannot append to the static array {FormatPath(_keys.Count)} (defined at {entry.KeyPosition.ToLineColumn()}) with [[...]]"),
                var node => throw ErrorAt(key.Position,
                    $"the key {FormatPath(_keys.Count)} is already {Article(node)} (defined at {node.Position.ToLineColumn()}), not an array of tables"),
            };
        }
        var element = new TomlTable(TomlTableKind.ArrayElement, header) { Depth = array.Depth + 1 };
        if (element.Depth > _maxDepth)
        {
            throw TooDeep(header);
        }
        array.AddInternal(element);
        return element;
    }

    private readonly TomlTable NewTable(TomlTable parent, TomlTableKind kind, TomlPosition position)
    {
        var table = new TomlTable(kind, position) { Depth = parent.Depth + 1 };
        return table.Depth <= _maxDepth ? table : throw TooDeep(position);
    }
}
