using System.Text;

namespace Akka.Mta.Toml.Tests;

/// <summary>Errors read like a compiler's: file:line:column: what, and where the first definition was.</summary>
public sealed class ErrorTests
{
    private static TomlException Fails(string text, string? file = "shaping.toml", TomlParserOptions? options = null) =>
        Assert.Throws<TomlException>(() => TomlParser.Parse(Encoding.UTF8.GetBytes(text), file, options));

    [Fact]
    public void DuplicateKey_NamesTheKeyAndWhereItWasFirstDefined()
    {
        var text = string.Join("\n", Enumerable.Repeat("# comment", 8)) + "\nconnection_limit = 10\nmx_rollup = false\nidle = \"5s\"\n      connection_limit = 5\n";

        var error = Fails(text);

        Assert.Equal("shaping.toml:12:7: duplicate key \"connection_limit\" (first defined at 9:1)", error.Message);
        Assert.Equal(("shaping.toml", 12, 7), (error.File, error.Line, error.Column));
        Assert.Equal("duplicate key \"connection_limit\" (first defined at 9:1)", error.Reason);
    }

    [Fact]
    public void WithoutFileName_MessageStartsWithLineAndColumn()
    {
        var error = Fails("a = 1\na = 2", file: null);

        Assert.Equal("2:1: duplicate key \"a\" (first defined at 1:1)", error.Message);
        Assert.Null(error.File);
    }

    [Theory]
    [InlineData("[\"example.com\"]\nx = 1\n[\"example.com\"]", "3:2: duplicate table \"example.com\" (first defined at 1:1)")]
    [InlineData("a = {b = 1}\na.c = 2", "2:1: the dotted key \"a.c\" cannot add to the inline table \"a\" (defined at 1:5); an inline table is complete once written")]
    [InlineData("enable_tls = Opportunistic", "1:14: invalid value \"Opportunistic\" (strings must be quoted; booleans are true and false)")]
    [InlineData("n = 99999999999999999999", "1:5: the integer 99999999999999999999 is outside the 64-bit range")]
    [InlineData("t = 0001-01-01T00:00:00+01:00", "1:5: the date-time 0001-01-01T00:00:00 at offset +01:00 is an instant outside years 0001 to 9999")]
    [InlineData("t = 9999-12-31T23:59:59-00:30", "1:5: the date-time 9999-12-31T23:59:59 at offset -00:30 is an instant outside years 0001 to 9999")]
    [InlineData("s = \"a\\qb\"", "1:7: invalid escape sequence \\q (valid: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")]
    [InlineData("s = \"open", "1:5: unterminated string: no closing '\"' on this line")]
    [InlineData("d = 2023-02-29", "1:13: day 29 does not exist in 2023-02")]
    [InlineData("t = {a = 1,}", "1:11: trailing comma in an inline table (not allowed in TOML 1.0)")]
    [InlineData("[[a]]\n[a]", "2:2: \"a\" is an array of tables (defined at 1:1); use [[a]] to add an element")]
    [InlineData("a = [1, 2", "1:5: unterminated array: no ']' before the end of the file")]
    public void Message_SaysWhatAndWhere(string text, string expected)
    {
        var error = Fails(text, file: null);

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void InvalidUtf8_IsReportedAtTheBadByte()
    {
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse([.. "a = 1\nb = \""u8, 0xC3, 0x28, .. "\""u8], "x.toml"));

        Assert.Equal("x.toml:2:6: invalid UTF-8 byte 0xC3; TOML files are UTF-8", error.Message);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a=", "}")]
    public void DeepNesting_IsRejectedBeforeTheStackIsAtRisk(string open, string close)
    {
        var text = "x = " + string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000));

        var error = Fails(text, file: null);

        Assert.Equal("tables and arrays nest deeper than 128 levels", error.Reason);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void LongDottedKeysAndHeaders_CountTowardsTheDepthLimit()
    {
        var path = string.Join('.', Enumerable.Repeat("k", 10_000));

        Assert.Equal("tables and arrays nest deeper than 128 levels", Fails(path + " = 1").Reason);
        Assert.Equal("tables and arrays nest deeper than 128 levels", Fails($"[{path}]").Reason);
        Assert.Equal("tables and arrays nest deeper than 128 levels", Fails($"[[{path}]]").Reason);
    }

    [Fact]
    public void DepthLimit_CanBeSet_AndNestingUpToItParses()
    {
        var options = new TomlParserOptions { MaxDepth = 4 };

        var root = TomlParser.Parse("a = [[[[1]]]]", options: options).Root;
        var error = Fails("a = [[[[[1]]]]]", options: options);

        Assert.Equal(1L, ((TomlInteger)((TomlArray)((TomlArray)((TomlArray)((TomlArray)root["a"])[0])[0])[0])[0]).Value);
        Assert.Equal("shaping.toml:1:9: tables and arrays nest deeper than 4 levels", error.Message);
    }
}
