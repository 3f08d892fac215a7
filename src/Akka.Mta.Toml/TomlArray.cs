using System.Collections;

namespace Akka.Mta.Toml;

/// <summary>
/// An array: a static one (<c>[1, 2, 3]</c>, elements of any kinds) or an array of tables, whose
/// elements are introduced one by one by <c>[[name]]</c> headers (<see cref="IsArrayOfTables"/>).
/// </summary>
public sealed partial class TomlArray : TomlNode, IReadOnlyList<TomlNode>
{
    /// <summary>The elements; for a parsed array, the nodes made so far (null where not yet read).</summary>
    private TomlNode?[] _items = [];
    private int _count;

    /// <param name="isArrayOfTables">True for an array written as <c>[[name]]</c> sections; it holds only tables.</param>
    /// <param name="position">Where it starts; the default for an array built in code.</param>
    public TomlArray(bool isArrayOfTables = false, TomlPosition position = default)
        : base(position)
    {
        IsArrayOfTables = isArrayOfTables;
    }

    /// <summary>True for an array of tables defined by <c>[[name]]</c> headers.</summary>
    public bool IsArrayOfTables { get; }

    public override TomlKind Kind => TomlKind.Array;

    public int Count => _count;

    public TomlNode this[int index] =>
        (uint)index < (uint)_count ? ItemAt(index) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Appends an element; an array of tables takes only tables.</summary>
    public void Add(TomlNode item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (IsArrayOfTables && item is not TomlTable)
        {
            throw new ArgumentException($"an array of tables holds only tables, not a {item.KindName}", nameof(item));
        }
        TakeOwnItems();
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count < 4 ? _count + 2 : _count * 2);
        }
        _items[_count++] = item;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<TomlNode> IEnumerable<TomlNode>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(TomlArray array) : IEnumerator<TomlNode>
    {
        private int _index = -1;

        public readonly TomlNode Current => array.ItemAt(_index);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < array._count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
