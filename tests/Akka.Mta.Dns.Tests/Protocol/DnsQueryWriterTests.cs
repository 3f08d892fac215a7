using Akka.Mta.Dns.Protocol;
using Akka.Mta.Testing.Dns;

namespace Akka.Mta.Dns.Tests.Protocol;

public sealed class DnsQueryWriterTests
{
    [Fact]
    public void Build_WritesQuestionAndOptRecord_ThatAnIndependentDecoderReads()
    {
        var packet = DnsQueryWriter.Build(0xBEEF, new DnsQuestion("mx.example.test", DnsRecordType.MX), 1232);

        var query = DnsTestPacket.ParseQuery(packet, overTcp: false);

        Assert.NotNull(query);
        Assert.Equal(0xBEEF, query.Id);
        Assert.Equal("mx.example.test", query.Name);
        Assert.Equal(15, query.Type);
        Assert.Equal((ushort)1232, query.EdnsPayloadSize);
        Assert.Equal(0x01, packet[2]); // RD set, QR clear
    }

    [Fact]
    public void Build_WithoutEdns_HasNoAdditionalRecord()
    {
        var packet = DnsQueryWriter.Build(1, new DnsQuestion("example.test", DnsRecordType.A), null);

        Assert.Null(DnsTestPacket.ParseQuery(packet, overTcp: false)!.EdnsPayloadSize);
        Assert.Equal(0, packet[11]);
    }

    [Fact]
    public void Build_RoundTripsThroughReader_IncludingEscapes()
    {
        var question = new DnsQuestion("a\\.b.\\007x.example", DnsRecordType.TXT);

        var message = DnsMessageReader.Parse(DnsQueryWriter.Build(9, question, null));

        Assert.Equal(question, message.Questions.Single());
    }

    [Theory]
    [InlineData("a..b", "empty label")]
    [InlineData("bücher.example", "must be ASCII")]
    [InlineData("x\\", "dangling escape")]
    [InlineData("x\\300", "above 255")]
    public void IsValid_RejectsNamesThatCannotBeEncoded(string name, string reason)
    {
        Assert.False(DnsName.IsValid(name, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void IsValid_RejectsLongLabelsAndNames()
    {
        Assert.False(DnsName.IsValid(new string('a', 64) + ".test", out var label));
        Assert.Contains("label longer than 63", label);
        Assert.False(DnsName.IsValid(string.Join('.', Enumerable.Repeat(new string('a', 63), 4)), out var name));
        Assert.Contains("longer than 255", name);
        Assert.True(DnsName.IsValid(string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61), out _));
    }
}
