namespace Akka.Mta.Core.Tests;

public sealed class SpoolIdTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Format_IsThirtyTwoLowercaseHexDigits_AndParseRoundTrips()
    {
        var id = SpoolId.New(TimeProvider.System);
        var text = id.ToString();

        Assert.Equal(32, text.Length);
        Assert.Matches("^[0-9a-f]{32}$", text);
        Assert.Equal(id, SpoolId.Parse(text));
        Assert.Equal(text, $"{id}");
    }

    [Fact]
    public void Parse_AcceptsUppercase_AndFormatsLowercase()
    {
        var id = SpoolId.Parse("D7EF132B5D7711EDA2DEA6BB0A1B1A1B");
        Assert.Equal("d7ef132b5d7711eda2dea6bb0a1b1a1b", id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("d7ef132b5d7711eda2dea6bb0a1b1a1")]
    [InlineData("d7ef132b5d7711eda2dea6bb0a1b1a1bb")]
    [InlineData("d7ef132b-5d77-11ed-a2de-a6bb0a1b")]
    [InlineData("g7ef132b5d7711eda2dea6bb0a1b1a1b")]
    [InlineData(" 7ef132b5d7711eda2dea6bb0a1b1a1b")]
    [InlineData("+7ef132b5d7711eda2dea6bb0a1b1a1b")]
    public void Parse_RejectsAnythingButThirtyTwoHexDigits(string text)
    {
        Assert.False(SpoolId.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => SpoolId.Parse(text));
        Assert.Contains(text, error.Message);
    }

    [Fact]
    public void Bytes_RoundTrip_AndSortLikeTheIds()
    {
        var a = SpoolId.Parse("00000000000000010000000000000002");
        var b = SpoolId.Parse("00000000000000020000000000000001");

        Assert.Equal(a, SpoolId.FromBytes(a.ToByteArray()));
        Assert.True(a < b);
        Assert.True(a.ToByteArray().AsSpan().SequenceCompareTo(b.ToByteArray()) < 0);
        Assert.Throws<ArgumentException>(() => SpoolId.FromBytes(new byte[15]));
    }

    [Fact]
    public void New_IsTimeOrdered_AndCarriesItsTimestamp()
    {
        var earlier = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var later = earlier.AddMilliseconds(1);

        var first = SpoolId.New(new FixedTime(earlier));
        var second = SpoolId.New(new FixedTime(later));

        Assert.True(first < second);
        Assert.Equal(earlier, first.Timestamp);
        Assert.Equal(later, second.Timestamp);
        Assert.NotEqual(first, SpoolId.New(new FixedTime(earlier)));
    }
}
