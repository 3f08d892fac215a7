using FsCheck;
using FsCheck.Fluent;

namespace Akka.Mta.Toml.Tests;

/// <summary>Random document models built in code, with every table kind, value kind and awkward strings.</summary>
public static class TomlTreeGenerator
{
    private static readonly string[] Pieces =
    [
        "a", "key", "connection_limit", "-", "_", "1", "example.com", " ", "'", "''", "'''", "\"", "\"\"\"", "\\", "\n", "\r", "\r\n",
        "\t", "\0", "\u007f", "\u001f", "\b", "\f", "é", "ключ", "😀", "#", "=", "[", "]", "{", "}", ".", ",",
    ];

    public static Gen<string> Text { get; } = Gen.ListOf(Gen.Elements(Pieces)).Select(p => string.Concat(p.Take(12)));

    public static Gen<TomlValue> Scalar { get; } = Gen.OneOf(
        from text in Text
        from style in Gen.Elements(Enum.GetValues<TomlStringStyle>())
        select (TomlValue)new TomlString(text, style),
        from n in Gen.OneOf(ArbMap.Default.GeneratorFor<long>(), Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L))
        from format in Gen.Elements(Enum.GetValues<TomlIntegerFormat>())
        select (TomlValue)new TomlInteger(n, format),
        Gen.OneOf(ArbMap.Default.GeneratorFor<double>(), Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue, 1e16, 0.1))
            .Select(f => (TomlValue)new TomlFloat(f)),
        ArbMap.Default.GeneratorFor<bool>().Select(b => (TomlValue)new TomlBoolean(b)),
        from ticks in Gen.Choose(0, int.MaxValue)
        from days in Gen.Choose(1, 3_650_000)
        from offset in Gen.Choose(-14 * 60, 14 * 60)
        select (TomlValue)new TomlOffsetDateTime(new DateTimeOffset(new DateTime(ticks * 997L).AddDays(days), TimeSpan.FromMinutes(offset))),
        from ticks in Gen.Choose(0, int.MaxValue)
        from days in Gen.Choose(1, 3_650_000)
        select (TomlValue)new TomlLocalDateTime(new DateTime(ticks * 40_000L).AddDays(days)),
        Gen.Choose(0, 3_650_000).Select(d => (TomlValue)new TomlLocalDate(DateOnly.FromDayNumber(d))),
        Gen.Choose(0, int.MaxValue).Select(t => (TomlValue)new TomlLocalTime(new TimeOnly(t * 400L))));

    public static Arbitrary<TomlTable> Documents() =>
        Gen.Sized(size => Table(Math.Min(size, 12), TomlTableKind.Document)).ToArbitrary();

    private static Gen<TomlNode> Node(int size)
    {
        if (size <= 1)
        {
            return Scalar.Select(v => (TomlNode)v);
        }
        var kinds = Gen.Elements(Enum.GetValues<TomlTableKind>());
        return Gen.Frequency(
            (6, Scalar.Select(v => (TomlNode)v)),
            (2, kinds.SelectMany(kind => Table(size / 2, kind)).Select(t => (TomlNode)t)),
            (1, Array(size / 2, isArrayOfTables: false)),
            (1, Array(size / 2, isArrayOfTables: true)));
    }

    private static Gen<TomlNode> Array(int size, bool isArrayOfTables)
    {
        var element = isArrayOfTables
            ? Gen.Elements(Enum.GetValues<TomlTableKind>()).SelectMany(kind => Table(size, kind)).Select(t => (TomlNode)t)
            : Node(size);
        return Gen.ListOf(element).Select(items =>
        {
            var array = new TomlArray(isArrayOfTables);
            foreach (var item in items.Take(4))
            {
                array.Add(item);
            }
            return (TomlNode)array;
        });
    }

    private static Gen<TomlTable> Table(int size, TomlTableKind kind) =>
        Gen.ListOf(Gen.Zip(Gen.OneOf(Text, Gen.Elements("a", "b", "c", "server", "x-y_1")), Node(size))).Select(entries =>
        {
            var table = new TomlTable(kind);
            foreach (var (key, value) in entries.Take(5))
            {
                if (!table.ContainsKey(key))
                {
                    table.Add(key, value);
                }
            }
            return table;
        });
}
