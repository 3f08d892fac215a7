namespace Akka.Mta.Toml.Tests;

/// <summary>
/// A parsed document keeps its values compactly and makes nodes when they are read: a node read
/// twice, or from several threads, is one object; parsed tables and arrays still take new entries.
/// </summary>
public sealed class ParsedDocumentTests
{
    [Fact]
    public void Nodes_AreMadeOnRead_AndTheSameObjectEveryTime()
    {
        var root = TomlParser.Parse("a = 'x'\n[t]\nn = [1, { k = true }]").Root;

        Assert.Same(root["a"], root["a"]);
        Assert.Same(root["t"], root.Single(entry => entry.Key == "t").Value);
        var array = (TomlArray)((TomlTable)root["t"])["n"];
        Assert.Same(array[1], array.Last());
        Assert.Same(((TomlTable)array[1])["k"], ((TomlTable)array[1])[0].Value);
    }

    [Fact]
    public void Nodes_ReadFromManyThreadsAtOnce_AreOneObjectEach()
    {
        var text = "a = [" + string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"\"v{i}\"")) + "]";
        for (var round = 0; round < 20; round++)
        {
            var array = (TomlArray)TomlParser.Parse(text).Root["a"];
            var seen = new TomlNode[4][];

            Parallel.For(0, seen.Length, thread => seen[thread] = [.. array]);

            for (var i = 0; i < array.Count; i++)
            {
                Assert.All(seen, nodes => Assert.Same(array[i], nodes[i]));
            }
        }
    }

    [Fact]
    public void ParsedTable_TakesNewKeys_AfterItsParsedOnes()
    {
        var root = TomlParser.Parse("x = 1\n[t]\ny = 2", "a.toml").Root;
        var t = (TomlTable)root["t"];
        var y = t["y"];

        t.Add("z", 3);
        root.Add("u", new TomlString("new"));

        Assert.Equal(["y", "z"], t.Keys);
        Assert.Same(y, t["y"]);
        Assert.True(t.TryGetEntry("y", out var entry));
        Assert.Equal(new TomlPosition("a.toml", 3, 1), entry.KeyPosition);
        Assert.Equal(["x", "t", "u"], root.Keys);
        Assert.Same(t, root["t"]);
        Assert.Throws<ArgumentException>(() => t.Add("y", 5));
        Assert.Equal("x = 1\nu = \"new\"\n\n[t]\ny = 2\nz = 3\n", TomlWriter.Write(root));
    }

    [Fact]
    public void ParsedArray_TakesNewElements_AfterItsParsedOnes()
    {
        var root = TomlParser.Parse("a = [1, 'two']\n[[list]]\nk = 1").Root;
        var array = (TomlArray)root["a"];
        var first = array[0];

        array.Add(new TomlBoolean(true));
        ((TomlArray)root["list"]).Add(new TomlTable());

        Assert.Equal("[1, 'two', true]", TomlWriter.FormatValue(array));
        Assert.Same(first, array[0]);
        Assert.Equal(2, ((TomlArray)root["list"]).Count);
        Assert.Throws<ArgumentException>(() => ((TomlArray)root["list"]).Add(new TomlInteger(1)));
    }

    [Fact]
    public void TablesExtendedAfterOtherHeaders_KeepTheirKeysInSourceOrder()
    {
        var root = TomlParser.Parse("""
            [a]
            x = 1
            [b]
            y = 2
            [a.c]
            z = 3
            [[b.list]]
            w = 4
            """).Root;

        Assert.Equal(["x", "c"], ((TomlTable)root["a"]).Keys);
        Assert.Equal(["y", "list"], ((TomlTable)root["b"]).Keys);
        Assert.Equal(4L, ((TomlInteger)((TomlTable)((TomlArray)((TomlTable)root["b"])["list"])[0])["w"]).Value);
    }

    [Fact]
    public void LargeTables_FindTheirKeys_WhileReadingAndAfter()
    {
        var keys = Enumerable.Range(0, 200).Select(i => $"\"domain-{i}.example\"").ToList();
        var text = string.Concat(keys.Select(k => $"[{k}]\nlimit = 1\n")) + string.Concat(keys.Select(k => $"[{k}.sources.ip]\nlimit = 2\n"));

        var root = TomlParser.Parse(text).Root;
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(text + "[\"domain-150.example\"]\n"));

        Assert.Equal(200, root.Count);
        Assert.True(root.ContainsKey("domain-199.example"));
        Assert.False(root.ContainsKey("domain-200.example"));
        Assert.Equal("domain-150.example", root[150].Key);
        Assert.Equal(["limit", "sources"], ((TomlTable)root["domain-150.example"]).Keys);
        Assert.Equal("801:2: duplicate table \"domain-150.example\" (first defined at 301:1)", error.Message);
    }

    [Theory]
    [InlineData("key = 1\n\"key\" = 2", "2:1: duplicate key \"key\" (first defined at 1:1)")]
    [InlineData("\"k\\u0065y\" = 1\n'key' = 2", "2:1: duplicate key \"key\" (first defined at 1:1)")]
    [InlineData("'ключ' = 1\n\"\\u043A\\u043B\\u044E\\u0447\" = 2", "2:1: duplicate key \"ключ\" (first defined at 1:1)")]
    [InlineData("[t]\n[\"t\".x]\n['t']", "3:2: duplicate table \"t\" (first defined at 1:1)")]
    public void KeysWrittenDifferently_AreTheSameKey(string text, string expected)
    {
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(text));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void EqualStrings_AreDecodedOnce()
    {
        var root = TomlParser.Parse("a = \"100/s\"\nb = '100/s'\nc = \"\\u00E9\"\nd = 'é'\n[\"100/s\"]").Root;

        Assert.Same(((TomlString)root["a"]).Value, ((TomlString)root["b"]).Value);
        Assert.Same(((TomlString)root["a"]).Value, root[4].Key);
        Assert.Same(((TomlString)root["c"]).Value, ((TomlString)root["d"]).Value);
    }
}
