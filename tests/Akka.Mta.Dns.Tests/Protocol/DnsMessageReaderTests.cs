using System.Net;
using Akka.Mta.Dns.Protocol;
using Akka.Mta.Testing.Dns;

namespace Akka.Mta.Dns.Tests.Protocol;

public sealed class DnsMessageReaderTests
{
    private static readonly DnsTestQuery MxQuery =
        DnsTestPacket.ParseQuery(DnsTestPacket.Query(0x1234, "example.test", 15), overTcp: false)!;

    [Fact]
    public void Parse_ReadsCompressedOwnerNames_AndTypedRecords()
    {
        var packet = DnsTestPacket.Response(MxQuery, DnsTestPacket.NoError, [
            DnsTestRecord.Mx("example.test", 10, "mx1.example.test"),
            DnsTestRecord.A("mx1.example.test", "192.0.2.1", ttl: 60),
            DnsTestRecord.Aaaa("mx1.example.test", "2001:db8::1"),
            DnsTestRecord.Txt("example.test", "v=spf1 -all"),
            DnsTestRecord.Cname("alias.example.test", "example.test"),
        ], [DnsTestRecord.Soa("example.test", minimum: 42)]);

        var message = DnsMessageReader.Parse(packet);

        Assert.Equal(0x1234, message.Id);
        Assert.True(message.IsResponse);
        Assert.Equal(DnsResponseCode.NoError, message.ResponseCode);
        Assert.Equal(new DnsQuestion("example.test", DnsRecordType.MX), message.Questions.Single());
        Assert.Equal(new MxData(10, "mx1.example.test"), message.Answers[0].Data);
        Assert.Equal("example.test", message.Answers[0].Name);
        Assert.Equal(new AddressData(IPAddress.Parse("192.0.2.1")), message.Answers[1].Data);
        Assert.Equal(60u, message.Answers[1].Ttl);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), ((AddressData)message.Answers[2].Data).Address);
        Assert.Equal("v=spf1 -all", ((TxtData)message.Answers[3].Data).Text);
        Assert.Equal(new NameData("example.test"), message.Answers[4].Data);
        Assert.Equal(42u, ((SoaData)message.Authorities.Single().Data).Minimum);
    }

    [Fact]
    public void Parse_ReadsTruncationFlagAndRcode()
    {
        var packet = DnsTestPacket.Response(MxQuery, DnsTestPacket.NxDomain, truncated: true);

        var message = DnsMessageReader.Parse(packet);

        Assert.True(message.IsTruncated);
        Assert.Equal(DnsResponseCode.NxDomain, message.ResponseCode);
    }

    [Fact]
    public void Parse_ReadsEdnsPayloadSizeAndExtendedRcode()
    {
        var query = DnsQueryWriter.Build(7, new DnsQuestion("example.test", DnsRecordType.A), 1232);
        query[2] |= 0x80; // make it a response
        query[^6] = 1; // extended RCODE 1 -> (1 << 4) | 0 = BADVERS

        var message = DnsMessageReader.Parse(query);

        Assert.Equal((ushort)1232, message.EdnsPayloadSize);
        Assert.Equal(DnsResponseCode.BadVers, message.ResponseCode);
        Assert.Empty(message.Additionals);
    }

    [Fact]
    public void Parse_RejectsCompressionPointerToItself()
    {
        // Question name is a pointer to its own offset (12).
        byte[] packet = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];

        var error = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Parse(packet));

        Assert.Contains("compression pointer", error.Message);
        Assert.Equal(12, error.Offset);
    }

    [Fact]
    public void Parse_RejectsLoopThroughLabelAndPointer()
    {
        // "a" at 12, then a pointer back to 12: each jump lands before the pointer but loops forever.
        byte[] packet = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0xC0, 12, 0, 1, 0, 1];

        var error = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Parse(packet));

        Assert.Contains("does not point before", error.Message);
    }

    [Fact]
    public void Parse_RejectsForwardPointer()
    {
        byte[] packet = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 16, 0, 1, 1, (byte)'a', 0];

        Assert.Throws<DnsFormatException>(() => DnsMessageReader.Parse(packet));
    }

    [Fact]
    public void Parse_RejectsRecordDataLongerThanPacket()
    {
        var packet = DnsTestPacket.Response(MxQuery, DnsTestPacket.NoError, [DnsTestRecord.A("example.test", "192.0.2.1")]);
        packet[^5] = 0x40; // RDLENGTH high byte

        var error = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Parse(packet));

        Assert.Contains("RDLENGTH", error.Message);
    }

    [Fact]
    public void Parse_RejectsAddressOfWrongLength()
    {
        var packet = DnsTestPacket.Response(MxQuery, DnsTestPacket.NoError,
            [new DnsTestRecord("example.test", 1, 60, [192, 0, 2])]);

        var error = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Parse(packet));

        Assert.Contains("address of 3 bytes", error.Message);
    }

    [Fact]
    public void Parse_RejectsCountsThatCannotFit()
    {
        byte[] packet = [0, 1, 0x81, 0x80, 0, 1, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 1, 0, 1];

        var error = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Parse(packet));

        Assert.Contains("do not fit", error.Message);
    }

    [Fact]
    public void Parse_RejectsNameLongerThan255Bytes()
    {
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)); // 4 * 64 + 1 = 257 bytes
        var packet = DnsTestPacket.Response(MxQuery, DnsTestPacket.NoError, questionName: longName);

        var error = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Parse(packet));

        Assert.Contains("longer than 255", error.Message);
    }

    [Fact]
    public void Parse_RejectsShortHeader()
    {
        Assert.Throws<DnsFormatException>(() => DnsMessageReader.Parse([0, 1, 2]));
    }

    [Fact]
    public void Parse_EscapesUnprintableAndDotBytesInLabels()
    {
        byte[] packet = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'a', (byte)'.', 0x07, 0, 0, 1, 0, 1];

        var message = DnsMessageReader.Parse(packet);

        Assert.Equal("a\\.\\007", message.Questions[0].Name);
    }
}
