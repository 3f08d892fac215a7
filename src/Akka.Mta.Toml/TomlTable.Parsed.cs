using Akka.Mta.Toml.Storage;

namespace Akka.Mta.Toml;

/// <summary>
/// A parsed table reads its entries from the document's rows and makes each value's node on first
/// read, keeping it. Adding a key moves the entries into the table's own array first.
/// </summary>
public sealed partial class TomlTable
{
    /// <summary>The document the entries are read from, or null once the table holds its own entries.</summary>
    private CompactDocument? _parsed;
    private readonly int _start;
    private TomlNode?[] _nodes = [];

    internal TomlTable(CompactDocument document, int start, int count, TomlTableKind kind, TomlPosition position)
        : base(position)
    {
        TableKind = kind;
        _parsed = document;
        _start = start;
        _count = count;
        _nodes = count == 0 ? [] : new TomlNode?[count];
    }

    private string KeyAt(int index) => _parsed is null ? _entries[index].Key : _parsed.KeyAt(_start + index);

    private TomlNode ValueAt(int index) => _parsed is null ? _entries[index].Value : ParsedNode(_parsed, index);

    private TomlEntry EntryAt(int index) => _parsed is null
        ? _entries[index]
        : new TomlEntry(_parsed.KeyAt(_start + index), _parsed.KeyPositionAt(_start + index), ParsedNode(_parsed, index));

    /// <summary>The node of a parsed value: made once, and the same one to every reader, on any thread.</summary>
    private TomlNode ParsedNode(CompactDocument document, int index) => document.CachedNode(_nodes, _start, index);

    /// <summary>Before a change: copies a parsed table's entries into its own array.</summary>
    private void TakeOwnEntries()
    {
        if (_parsed is null)
        {
            return;
        }
        var entries = new TomlEntry[_count + 2];
        for (var i = 0; i < _count; i++)
        {
            entries[i] = EntryAt(i);
        }
        _entries = entries;
        _parsed = null;
        _nodes = [];
    }
}
