using System.Buffers;

namespace Akka.Mta.Toml.Storage;

/// <summary>
/// Collects the rows of a document while it is read. TOML adds keys to a table long after it was
/// opened (<c>[a]</c>, <c>[b]</c>, then <c>[a.c]</c> adds <c>c</c> to <c>a</c>), so the rows are
/// appended in source order with each container's rows chained, and <see cref="Build"/> lays them
/// out container by container. The working arrays come from <see cref="ArrayPool{T}"/> and go back
/// on <see cref="Dispose"/>; the finished document allocates its rows, its string table and the
/// strings only.
/// </summary>
internal sealed class CompactDocumentBuilder : IDisposable
{
    /// <summary>Tables with more keys than this get a hash index for lookups (as <see cref="TomlTable"/> has).</summary>
    public const int IndexThreshold = 32;

    private TomlRow[] _rows;

    /// <summary>The next row of the same container, or -1.</summary>
    private int[] _next;
    private int _rowCount;
    private Container[] _containers;
    private int _containerCount;
    private readonly List<string> _strings = [];
    private readonly List<KeyIndex> _indexes = [];

    /// <summary>A table or array being filled: its chain of rows, its nesting depth, its key index (or -1).</summary>
    private struct Container
    {
        public int First;
        public int Last;
        public int Count;
        public int Depth;
        public int Index;
    }

    /// <param name="sourceLength">The document's size in bytes, to size the working arrays.</param>
    public CompactDocumentBuilder(int sourceLength)
    {
        _rows = ArrayPool<TomlRow>.Shared.Rent(Math.Max(16, sourceLength / 16));
        _next = ArrayPool<int>.Shared.Rent(_rows.Length);
        _containers = ArrayPool<Container>.Shared.Rent(Math.Max(16, sourceLength / 64));
    }

    /// <summary>A new, empty table or array; the first one made is the root table.</summary>
    public int NewContainer(int depth)
    {
        if (_containerCount == _containers.Length)
        {
            Grow(ref _containers, _containerCount * 2);
        }
        _containers[_containerCount] = new Container { First = -1, Last = -1, Depth = depth, Index = -1 };
        return _containerCount++;
    }

    public int Depth(int container) => _containers[container].Depth;

    /// <summary>A row by the index <see cref="Append"/> returned; valid until the next append.</summary>
    public ref TomlRow Row(int index) => ref _rows[index];

    /// <summary>The index of a container's last row (an array of tables' current element).</summary>
    public int LastRow(int container) => _containers[container].Last;

    public int AddString(string value)
    {
        _strings.Add(value);
        return _strings.Count - 1;
    }

    public string String(int id) => _strings[id];

    /// <summary>Adds a row at the end of a container; returns its index.</summary>
    public int Append(int container, in TomlRow row)
    {
        if (_rowCount == _rows.Length)
        {
            Grow(ref _rows, _rowCount * 2);
            Grow(ref _next, _rows.Length);
        }
        var index = _rowCount++;
        _rows[index] = row;
        _next[index] = -1;
        ref var c = ref _containers[container];
        if (c.Last >= 0)
        {
            _next[c.Last] = index;
        }
        else
        {
            c.First = index;
        }
        c.Last = index;
        c.Count++;
        if (c.Index >= 0)
        {
            _indexes[c.Index].Add(_strings[row.Key], index);
        }
        else if (c.Count > IndexThreshold && row.Key >= 0)
        {
            c.Index = BuildIndex(c.First);
        }
        return index;
    }

    /// <summary>The row of a key in a table, or -1.</summary>
    public int Find(int container, int key)
    {
        ref readonly var c = ref _containers[container];
        var name = _strings[key];
        if (c.Index >= 0)
        {
            return _indexes[c.Index].Find(name);
        }
        for (var i = c.First; i >= 0; i = _next[i])
        {
            var k = _rows[i].Key;
            if (k == key || string.Equals(_strings[k], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The finished document: containers laid out in the order they were made (the root first),
    /// each table's and array's row pointing at the start and count of its own rows.
    /// </summary>
    public TomlDocument Build(string? file)
    {
        var starts = ArrayPool<int>.Shared.Rent(_containerCount);
        var next = 0;
        for (var c = 0; c < _containerCount; c++)
        {
            starts[c] = next;
            next += _containers[c].Count;
        }
        var chunks = new TomlRow[(_rowCount + CompactDocument.ChunkRows - 1) >> CompactDocument.ChunkShift][];
        for (var k = 0; k < chunks.Length; k++)
        {
            chunks[k] = new TomlRow[Math.Min(CompactDocument.ChunkRows, _rowCount - (k << CompactDocument.ChunkShift))];
        }
        for (var c = 0; c < _containerCount; c++)
        {
            var at = starts[c];
            for (var i = _containers[c].First; i >= 0; i = _next[i], at++)
            {
                ref var row = ref chunks[at >> CompactDocument.ChunkShift][at & (CompactDocument.ChunkRows - 1)];
                row = _rows[i];
                if (row.IsContainer)
                {
                    var child = row.Container;
                    row.Payload = TomlRow.Range(starts[child], _containers[child].Count);
                }
            }
        }
        ArrayPool<int>.Shared.Return(starts);
        var document = new CompactDocument(chunks, [.. _strings], file);
        return new TomlDocument(document.Root(_containers[0].Count), file);
    }

    public void Dispose()
    {
        ArrayPool<TomlRow>.Shared.Return(_rows);
        ArrayPool<int>.Shared.Return(_next);
        ArrayPool<Container>.Shared.Return(_containers);
        foreach (var index in _indexes)
        {
            index.Dispose();
        }
        _rows = [];
        _next = [];
        _containers = [];
        _indexes.Clear();
    }

    private int BuildIndex(int first)
    {
        var index = new KeyIndex(this);
        for (var i = first; i >= 0; i = _next[i])
        {
            index.Add(_strings[_rows[i].Key], i);
        }
        _indexes.Add(index);
        return _indexes.Count - 1;
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        var grown = ArrayPool<T>.Shared.Rent(length);
        Array.Copy(array, grown, array.Length);
        ArrayPool<T>.Shared.Return(array);
        array = grown;
    }

    /// <summary>
    /// Key to row for a large table: open addressing over a pooled array of row indexes + 1 (a
    /// Dictionary would allocate, and for a root table with thousands of keys on the large object heap).
    /// </summary>
    private sealed class KeyIndex(CompactDocumentBuilder builder) : IDisposable
    {
        private int[] _slots = Rent(IndexThreshold * 4);
        private int _count;

        public int Find(string key)
        {
            var mask = _slots.Length - 1;
            for (var i = key.GetHashCode() & mask; _slots[i] != 0; i = (i + 1) & mask)
            {
                var row = _slots[i] - 1;
                if (string.Equals(builder._strings[builder._rows[row].Key], key, StringComparison.Ordinal))
                {
                    return row;
                }
            }
            return -1;
        }

        /// <summary>Adds a key known to be absent.</summary>
        public void Add(string key, int row)
        {
            if ((_count + 1) * 2 > _slots.Length)
            {
                var old = _slots;
                _slots = Rent(old.Length * 2);
                foreach (var slot in old)
                {
                    if (slot != 0)
                    {
                        Insert(builder._strings[builder._rows[slot - 1].Key], slot - 1);
                    }
                }
                ArrayPool<int>.Shared.Return(old);
            }
            Insert(key, row);
            _count++;
        }

        public void Dispose() => ArrayPool<int>.Shared.Return(_slots);

        private void Insert(string key, int row)
        {
            var mask = _slots.Length - 1;
            var i = key.GetHashCode() & mask;
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }
            _slots[i] = row + 1;
        }

        /// <summary>A cleared array; asked for a power of two, the shared pool gives exactly that length.</summary>
        private static int[] Rent(int length)
        {
            var slots = ArrayPool<int>.Shared.Rent(length);
            Array.Clear(slots);
            return slots;
        }
    }
}
