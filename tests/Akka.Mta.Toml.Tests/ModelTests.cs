namespace Akka.Mta.Toml.Tests;

/// <summary>The document model as the shaping layer walks it: order, positions, kinds, lookups.</summary>
public sealed class ModelTests
{
    private const string Shaping = """
        # shaping rules
        ["default"]
        connection_limit = 10
        max_message_rate = "100/s"

        ["example.com".sources."ip-1"]
        connection_limit = 5

        [[provider."yahoo".automation]]
        regex = '''\[TS04\]'''
        action = { SetConfig = { name = "max_message_rate", value = "1/minute" } }
        trigger.Threshold = "2/hr"
        """;

    [Fact]
    public void Keys_KeepSourceOrder()
    {
        var root = TomlParser.Parse("z = 1\na = 2\nm = 3\n[t]\ny = 1\nb = 2").Root;

        Assert.Equal(["z", "a", "m", "t"], root.Keys);
        Assert.Equal(["y", "b"], ((TomlTable)root["t"]).Keys);
        Assert.Equal(["z", "a", "m", "t"], root.Select(entry => entry.Key));
    }

    [Fact]
    public void EveryKeyAndValue_CarriesFileLineAndColumn()
    {
        var document = TomlParser.Parse(Shaping, "shaping.toml");
        var defaults = (TomlTable)document.Root["default"];

        Assert.True(defaults.TryGetEntry("connection_limit", out var limit));
        Assert.Equal(new TomlPosition("shaping.toml", 3, 1), limit.KeyPosition);
        Assert.Equal(new TomlPosition("shaping.toml", 3, 20), limit.Value.Position);
        Assert.Equal("shaping.toml:3", limit.Value.Position.ToProvenance());
        Assert.Equal("shaping.toml:3:20", limit.Value.Position.ToString());
        Assert.Equal(new TomlPosition("shaping.toml", 2, 1), defaults.Position);
        Assert.Equal("shaping.toml", document.FileName);
    }

    [Fact]
    public void Positions_InsideHeadersInlineTablesAndDottedKeys_PointAtEachKey()
    {
        var root = TomlParser.Parse(Shaping, "shaping.toml").Root;
        var sources = (TomlTable)((TomlTable)root["example.com"])["sources"];
        var rule = (TomlTable)((TomlArray)((TomlTable)((TomlTable)root["provider"])["yahoo"])["automation"])[0];
        var action = (TomlTable)rule["action"];
        var setConfig = (TomlTable)action["SetConfig"];
        var trigger = (TomlTable)rule["trigger"];

        Assert.True(((TomlTable)root["example.com"]).TryGetEntry("sources", out var sourcesEntry));
        Assert.Equal(new TomlPosition("shaping.toml", 6, 16), sourcesEntry.KeyPosition);
        Assert.Equal(new TomlPosition("shaping.toml", 6, 1), ((TomlTable)sources["ip-1"]).Position);
        Assert.Equal(new TomlPosition("shaping.toml", 9, 1), rule.Position);
        Assert.Equal(new TomlPosition("shaping.toml", 11, 10), action.Position);
        Assert.True(setConfig.TryGetEntry("value", out var value));
        Assert.Equal(new TomlPosition("shaping.toml", 11, 53), value.KeyPosition);
        Assert.Equal(new TomlPosition("shaping.toml", 11, 61), value.Value.Position);
        Assert.True(trigger.TryGetEntry("Threshold", out var threshold));
        Assert.Equal(new TomlPosition("shaping.toml", 12, 9), threshold.KeyPosition);
        Assert.Equal(new TomlPosition("shaping.toml", 12, 1), trigger.Position);
    }

    [Fact]
    public void Columns_CountCharactersNotBytes()
    {
        var root = TomlParser.Parse("\"ключ\" = \"значение\" # é\nb = 'x'").Root;

        Assert.True(root.TryGetEntry("ключ", out var entry));
        Assert.Equal(10, entry.Value.Position.Column);
        Assert.Equal(new TomlPosition(null, 2, 5), root["b"].Position);
    }

    [Fact]
    public void Lines_CountAfterCrLfAndMultilineStrings()
    {
        var root = TomlParser.Parse("a = \"\"\"\r\none\r\ntwo\"\"\"\r\nb = [\r\n  1,\r\n  2,\r\n]\r\nc = 3").Root;

        Assert.Equal("one\ntwo", ((TomlString)root["a"]).Value);
        Assert.Equal(4, root["b"].Position.Line);
        Assert.Equal(new TomlPosition(null, 6, 3), ((TomlArray)root["b"])[1].Position);
        Assert.Equal(new TomlPosition(null, 8, 5), root["c"].Position);
    }

    [Fact]
    public void TableKinds_TellHeaderImplicitDottedInlineAndArrayElementApart()
    {
        var root = TomlParser.Parse("""
            a.b = 1
            i = { x = 1 }
            [h.sub]
            [[list]]
            [later.x]
            [later]
            """).Root;

        Assert.Equal(TomlTableKind.Document, root.TableKind);
        Assert.Equal(TomlTableKind.Dotted, ((TomlTable)root["a"]).TableKind);
        Assert.Equal(TomlTableKind.Inline, ((TomlTable)root["i"]).TableKind);
        Assert.Equal(TomlTableKind.Implicit, ((TomlTable)root["h"]).TableKind);
        Assert.Equal(TomlTableKind.Header, ((TomlTable)((TomlTable)root["h"])["sub"]).TableKind);
        Assert.True(((TomlArray)root["list"]).IsArrayOfTables);
        Assert.Equal(TomlTableKind.ArrayElement, ((TomlTable)((TomlArray)root["list"])[0]).TableKind);
        Assert.Equal(TomlTableKind.Header, ((TomlTable)root["later"]).TableKind);
        Assert.Equal(new TomlPosition(null, 6, 1), root["later"].Position);
    }

    [Fact]
    public void Values_HaveTheirOwnTypes()
    {
        var root = TomlParser.Parse("""
            s = "text"
            i = 0xFF
            n = -9223372036854775808
            f = 6.5e-1
            b = true
            odt = 1979-05-27T07:32:00.5-07:00
            ldt = 1979-05-27 07:32:00
            ld = 1979-05-27
            lt = 07:32:00.123456789
            """).Root;

        Assert.Equal("text", Assert.IsType<TomlString>(root["s"]).Value);
        var hex = Assert.IsType<TomlInteger>(root["i"]);
        Assert.Equal((255L, TomlIntegerFormat.Hexadecimal), (hex.Value, hex.Format));
        Assert.Equal(long.MinValue, Assert.IsType<TomlInteger>(root["n"]).Value);
        Assert.Equal(0.65, Assert.IsType<TomlFloat>(root["f"]).Value);
        Assert.True(Assert.IsType<TomlBoolean>(root["b"]).Value);
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 7, 32, 0, 500, TimeSpan.FromHours(-7)), Assert.IsType<TomlOffsetDateTime>(root["odt"]).Value);
        var local = Assert.IsType<TomlLocalDateTime>(root["ldt"]).Value;
        Assert.Equal((new DateTime(1979, 5, 27, 7, 32, 0), DateTimeKind.Unspecified), (local, local.Kind));
        Assert.Equal(new DateOnly(1979, 5, 27), Assert.IsType<TomlLocalDate>(root["ld"]).Value);
        Assert.Equal(new TimeOnly(7, 32, 0).Add(TimeSpan.FromTicks(1234567)), Assert.IsType<TomlLocalTime>(root["lt"]).Value);
        Assert.Equal("offset date-time", root["odt"].KindName);
    }

    [Fact]
    public void Lookups_WorkOnSmallAndLargeTables()
    {
        var text = string.Join("\n", Enumerable.Range(0, 50).Select(i => $"key{i} = {i}"));
        var root = TomlParser.Parse(text).Root;

        Assert.Equal(50, root.Count);
        Assert.Equal(42L, ((TomlInteger)root["key42"]).Value);
        Assert.True(root.ContainsKey("key0"));
        Assert.False(root.TryGetValue("missing", out _));
        Assert.Equal("key7", root[7].Key);
        var error = Assert.Throws<KeyNotFoundException>(() => root["missing"]);
        Assert.Contains("\"missing\"", error.Message);
    }

    [Fact]
    public void BuiltInCode_TablesRejectDuplicateKeys_ArraysOfTablesTakeOnlyTables()
    {
        var table = new TomlTable();
        table.Add("connection_limit", 10);

        Assert.Throws<ArgumentException>(() => table.Add("connection_limit", 5));
        Assert.Throws<ArgumentException>(() => new TomlArray(isArrayOfTables: true).Add(new TomlInteger(1)));
        Assert.False(table["connection_limit"].Position.IsKnown);
    }

    [Fact]
    public void ValueEquals_IgnoresOrderPositionsAndSourceForms()
    {
        var a = TomlParser.Parse("x = 1\n[t]\ns = 'v'\nn = 0x10").Root;
        var b = TomlParser.Parse("t = { n = 16, s = \"v\" }\nx = 1").Root;
        var c = TomlParser.Parse("x = 1\nt = { n = 16, s = \"w\" }").Root;

        Assert.True(a.ValueEquals(b));
        Assert.False(a.ValueEquals(c));
        Assert.False(new TomlFloat(0.0).ValueEquals(new TomlFloat(-0.0)));
        Assert.True(new TomlFloat(double.NaN).ValueEquals(new TomlFloat(-double.NaN)));
    }

    [Fact]
    public void Bom_IsSkippedOnce_AndColumnsStartAfterIt()
    {
        var root = TomlParser.Parse([0xEF, 0xBB, 0xBF, .. "a = 1"u8]).Root;

        Assert.Equal(new TomlPosition(null, 1, 5), root["a"].Position);
    }
}
