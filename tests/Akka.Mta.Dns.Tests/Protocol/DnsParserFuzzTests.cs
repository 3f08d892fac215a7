using Akka.Mta.Dns.Protocol;
using Akka.Mta.Testing.Dns;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Akka.Mta.Dns.Tests.Protocol;

/// <summary>Whatever bytes arrive, the parser returns a message or throws <see cref="DnsFormatException"/>.</summary>
public sealed class DnsParserFuzzTests
{
    private static readonly byte[] Valid = BuildValid();

    [Property(MaxTest = 2000)]
    public bool RandomBytes_ParseOrFailWithFormatError(byte[] packet) => ParsesOrFailsCleanly(packet);

    [Property(MaxTest = 2000)]
    public Property HeaderThenRandomBytes_ParseOrFailWithFormatError() =>
        Prop.ForAll(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).ToArbitrary(), tail =>
        {
            byte[] header = [0, 1, 0x81, 0x80, 0, 1, 0, 2, 0, 1, 0, 1];
            return ParsesOrFailsCleanly([.. header, .. tail]);
        });

    [Property(MaxTest = 5000)]
    public Property MutatedValidResponse_ParsesOrFailsWithFormatError() =>
        Prop.ForAll(
            Gen.Choose(0, Valid.Length - 1).Two().ArrayOf().ToArbitrary(),
            mutations =>
            {
                var packet = (byte[])Valid.Clone();
                foreach (var (position, value) in mutations)
                {
                    packet[position] = (byte)value;
                }
                return ParsesOrFailsCleanly(packet);
            });

    [Property(MaxTest = 2000)]
    public Property TruncatedValidResponse_FailsWithFormatError() =>
        Prop.ForAll(Gen.Choose(0, Valid.Length - 1).ToArbitrary(), length =>
        {
            try
            {
                DnsMessageReader.Parse(Valid.AsSpan(0, length));
                return false; // every prefix is missing part of a record
            }
            catch (DnsFormatException)
            {
                return true;
            }
        });

    [Fact]
    public void ValidResponse_Parses()
    {
        Assert.Equal(5, DnsMessageReader.Parse(Valid).Answers.Count);
    }

    private static bool ParsesOrFailsCleanly(byte[] packet)
    {
        try
        {
            DnsMessageReader.Parse(packet);
        }
        catch (DnsFormatException)
        {
        }
        return true; // any other exception fails the property
    }

    private static byte[] BuildValid()
    {
        var query = DnsTestPacket.ParseQuery(DnsTestPacket.Query(1, "example.test", 15), overTcp: false)!;
        return DnsTestPacket.Response(query, DnsTestPacket.NoError, [
            DnsTestRecord.Mx("example.test", 10, "mx1.example.test"),
            DnsTestRecord.Mx("example.test", 20, "mx2.example.test"),
            DnsTestRecord.A("mx1.example.test", "192.0.2.1"),
            DnsTestRecord.Txt("example.test", "hello"),
            DnsTestRecord.Cname("www.example.test", "example.test"),
        ], [DnsTestRecord.Soa("example.test", 60)]);
    }
}
