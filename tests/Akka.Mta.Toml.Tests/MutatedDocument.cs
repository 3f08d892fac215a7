using Akka.Mta.Testing.Toml;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Akka.Mta.Toml.Tests;

/// <summary>A valid TOML document with a few random edits applied: bytes inserted, deleted, replaced or repeated.</summary>
public sealed record MutatedDocument(string Seed, byte[] Bytes, string Edits)
{
    public override string ToString() => $"{Seed} after [{Edits}]: {Encoding.UTF8.GetString(Bytes)}";

    /// <summary>Fragments that matter to a TOML parser, so mutations reach deep into the grammar.</summary>
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "[", "]", "[[", "]]", "{", "}", "\"", "'", "\"\"\"", "'''", "=", ".", ",", "#", "\n", "\r", "\r\n", "\\", "\\u",
            "\\U0001F600", "\\\n", " ", "\t", "0x", "0o", "0b", "1e", "e+", "-", "+", "_", ":", "T", "Z", "z", ".5", "inf",
            "nan", "true", "false", "\0", "\u007f", "é", "😀", "1979-05-27", "07:32:00", "a.b", "[a]", "[[a]]", "a = 1",
            "{a=1}", "\uFEFF", "9223372036854775808", "\"\"", "''",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
    ];

    /// <summary>Documents to mutate: the toml-test valid cases when present, and shaping-like samples always.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Seeds { get; } = LoadSeeds();

    public static Arbitrary<MutatedDocument> Arbitrary()
    {
        var edit = from kind in Gen.Choose(0, 5)
                   from at in Gen.Choose(0, int.MaxValue)
                   from length in Gen.Choose(1, 24)
                   from token in Gen.Elements(Tokens)
                   from b in Gen.Choose(0, 255)
                   select (kind, at, length, token, (byte)b);
        var gen = from seed in Gen.Elements<(string Name, byte[] Bytes)>(Seeds)
                  from edits in Gen.ListOf(edit).Select(list => list.Take(6).ToList())
                  select Apply(seed, edits);
        return gen.ToArbitrary();
    }

    private static MutatedDocument Apply((string Name, byte[] Bytes) seed, List<(int Kind, int At, int Length, byte[] Token, byte Byte)> edits)
    {
        var bytes = new List<byte>(seed.Bytes);
        var described = new List<string>();
        foreach (var (kind, rawAt, length, token, b) in edits)
        {
            var at = rawAt % (bytes.Count + 1);
            var count = Math.Min(length, bytes.Count - at);
            switch (kind)
            {
                case 0:
                    bytes.InsertRange(at, token);
                    described.Add($"insert {Encoding.UTF8.GetString(token).ReplaceLineEndings("\\n")} at {at}");
                    break;
                case 1:
                    bytes.RemoveRange(at, count);
                    described.Add($"delete {count} at {at}");
                    break;
                case 2 when at < bytes.Count:
                    bytes[at] = b;
                    described.Add($"set byte {at} to 0x{b:X2}");
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, count));
                    described.Add($"repeat {count} at {at}");
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    described.Add($"truncate at {at}");
                    break;
                default:
                    bytes.Insert(at, b);
                    described.Add($"insert byte 0x{b:X2} at {at}");
                    break;
            }
        }
        return new MutatedDocument(seed.Name, [.. bytes], string.Join(", ", described));
    }

    private static List<(string, byte[])> LoadSeeds()
    {
        var seeds = new List<(string, byte[])>
        {
            ("sample/shaping", Encoding.UTF8.GetBytes("""
                ["default"]
                connection_limit = 10
                max_message_rate = "100/s"
                enable_tls = "Opportunistic"
                [["default".automation]]
                regex = ['''Messages from \d+ deferred''', "\\[TS0\\d\\]"]
                action = [{SetConfig={name="max_message_rate", value="1/minute"}}, "Suspend"]
                trigger = {Threshold="5/hr"}
                duration = "90m"
                ["example.com".sources."ip-1"]
                connection_limit = 5
                """)),
            ("sample/values", Encoding.UTF8.GetBytes(""""
                s = "esc \t \u00e9 \U0001F600"
                ml = """
                line \
                  joined"""
                lit = '''raw ''quotes'' '''
                n = [0xDEAD_BEEF, 0o755, 0b1010, -17, +3_000]
                f = [1.5e-3, -0.0, inf, -nan, 6.626e-34]
                d = [1979-05-27T07:32:00Z, 1979-05-27 00:32:00.999999-07:00, 1979-05-27T07:32:00, 1979-05-27, 00:32:00.5]
                [a.b.c]
                x.y = { z = [[1, 2], [{w = true}]] }
                [[arr]]
                [[arr]]
                k = 1
                """")),
        };
        if (TomlTestSuite.Directory is not null)
        {
            seeds.AddRange(TomlTestSuite.ValidCases().Select(c => (c.Name, File.ReadAllBytes(c.Toml))));
        }
        return seeds;
    }
}
