using System.Buffers;
using System.Text;

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

    /// <summary>The interned strings by hash: pairs of string id + 1 (0 when empty) and the hash.</summary>
    private int[] _internSlots;

    /// <summary>Scratch characters to compare a non-ASCII string with the interned ones.</summary>
    private char[] _chars = [];

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
        _internSlots = RentCleared(512);
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

    /// <summary>
    /// The id of a string given as UTF-8: equal texts get one id and one string object, so keys
    /// compare as ids and a repeated value is decoded once.
    /// </summary>
    /// <param name="hash">The bytes hashed as <c>hash = hash * 31 + b</c> from 0.</param>
    /// <param name="ascii">True when every byte is ASCII.</param>
    public int Intern(ReadOnlySpan<byte> utf8, uint hash, bool ascii)
    {
        var chars = ascii ? default : Decode(utf8);
        var mixed = (int)((hash * 0x9E3779B1u) ^ (uint)utf8.Length);
        var mask = (_internSlots.Length / 2) - 1;
        var i = mixed & mask;
        for (; _internSlots[2 * i] != 0; i = (i + 1) & mask)
        {
            if (_internSlots[(2 * i) + 1] != mixed)
            {
                continue;
            }
            var id = _internSlots[2 * i] - 1;
            var candidate = _strings[id];
            if (ascii ? candidate.Length == utf8.Length && Ascii.Equals(utf8, candidate) : candidate.AsSpan().SequenceEqual(chars))
            {
                return id;
            }
        }
        _strings.Add(ascii ? Encoding.ASCII.GetString(utf8) : new string(chars));
        _internSlots[2 * i] = _strings.Count;
        _internSlots[(2 * i) + 1] = mixed;
        if (_strings.Count * 4 > _internSlots.Length)
        {
            _internSlots = Rehash(_internSlots);
        }
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
            _indexes[c.Index].Add(row.Key, index);
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
        if (c.Index >= 0)
        {
            return _indexes[c.Index].Find(key);
        }
        for (var i = c.First; i >= 0; i = _next[i])
        {
            if (_rows[i].Key == key)
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
        ArrayPool<int>.Shared.Return(_internSlots);
        if (_chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_chars);
        }
        foreach (var index in _indexes)
        {
            index.Dispose();
        }
        _rows = [];
        _next = [];
        _containers = [];
        _internSlots = [];
        _chars = [];
        _indexes.Clear();
    }

    private int BuildIndex(int first)
    {
        var index = new KeyIndex();
        for (var i = first; i >= 0; i = _next[i])
        {
            index.Add(_rows[i].Key, i);
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

    /// <summary>The characters of valid UTF-8, in <see cref="_chars"/>.</summary>
    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8)
    {
        if (_chars.Length < utf8.Length)
        {
            if (_chars.Length > 0)
            {
                ArrayPool<char>.Shared.Return(_chars);
            }
            _chars = ArrayPool<char>.Shared.Rent(utf8.Length);
        }
        return _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
    }

    /// <summary>Slot pairs moved to an array twice the size (the second of each pair is the hash).</summary>
    private static int[] Rehash(int[] slots)
    {
        var grown = RentCleared(slots.Length * 2);
        var mask = (grown.Length / 2) - 1;
        for (var s = 0; s < slots.Length; s += 2)
        {
            if (slots[s] == 0)
            {
                continue;
            }
            var i = slots[s + 1] & mask;
            while (grown[2 * i] != 0)
            {
                i = (i + 1) & mask;
            }
            grown[2 * i] = slots[s];
            grown[(2 * i) + 1] = slots[s + 1];
        }
        ArrayPool<int>.Shared.Return(slots);
        return grown;
    }

    /// <summary>A cleared array; asked for a power of two, the shared pool gives exactly that length.</summary>
    private static int[] RentCleared(int length)
    {
        var slots = ArrayPool<int>.Shared.Rent(length);
        Array.Clear(slots);
        return slots;
    }

    /// <summary>
    /// Key to row for a large table: open addressing over a pooled array of slot pairs (row + 1,
    /// key id). A Dictionary would allocate, for a root table with thousands of keys on the large
    /// object heap.
    /// </summary>
    private sealed class KeyIndex : IDisposable
    {
        private int[] _slots = RentCleared(IndexThreshold * 8);
        private int _count;

        public int Find(int key)
        {
            var mask = (_slots.Length / 2) - 1;
            for (var i = Hash(key) & mask; _slots[2 * i] != 0; i = (i + 1) & mask)
            {
                if (_slots[(2 * i) + 1] == key)
                {
                    return _slots[2 * i] - 1;
                }
            }
            return -1;
        }

        /// <summary>Adds a key known to be absent.</summary>
        public void Add(int key, int row)
        {
            if ((_count + 1) * 4 > _slots.Length)
            {
                var old = _slots;
                _slots = RentCleared(old.Length * 2);
                for (var i = 0; i < old.Length; i += 2)
                {
                    if (old[i] != 0)
                    {
                        Insert(old[i + 1], old[i] - 1);
                    }
                }
                ArrayPool<int>.Shared.Return(old);
            }
            Insert(key, row);
            _count++;
        }

        public void Dispose() => ArrayPool<int>.Shared.Return(_slots);

        private void Insert(int key, int row)
        {
            var mask = (_slots.Length / 2) - 1;
            var i = Hash(key) & mask;
            while (_slots[2 * i] != 0)
            {
                i = (i + 1) & mask;
            }
            _slots[2 * i] = row + 1;
            _slots[(2 * i) + 1] = key;
        }

        /// <summary>String ids are consecutive; spread them over the table (Fibonacci hashing).</summary>
        private static int Hash(int key) => (int)(((uint)key * 0x9E3779B1u) >> 8);
    }
}
