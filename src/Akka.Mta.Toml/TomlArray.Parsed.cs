using Akka.Mta.Toml.Storage;

namespace Akka.Mta.Toml;

/// <summary>
/// A parsed array reads its elements from the document's rows and makes each element's node on
/// first read, keeping it in <see cref="_items"/>. Adding an element makes the remaining nodes first.
/// </summary>
public sealed partial class TomlArray
{
    /// <summary>The document the elements are read from, or null once every node is made.</summary>
    private CompactDocument? _parsed;
    private readonly int _start;

    internal TomlArray(CompactDocument document, int start, int count, bool isArrayOfTables, TomlPosition position)
        : base(position)
    {
        IsArrayOfTables = isArrayOfTables;
        _parsed = document;
        _start = start;
        _count = count;
        _items = count == 0 ? [] : new TomlNode?[count];
    }

    /// <summary>An element: made once, and the same one to every reader, on any thread.</summary>
    private TomlNode ItemAt(int index) => _items[index] ?? _parsed!.CachedNode(_items, _start, index);

    /// <summary>Before a change: makes every parsed element's node.</summary>
    private void TakeOwnItems()
    {
        if (_parsed is null)
        {
            return;
        }
        for (var i = 0; i < _count; i++)
        {
            ItemAt(i);
        }
        _parsed = null;
    }
}
