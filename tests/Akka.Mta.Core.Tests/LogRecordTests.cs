using System.Text.Json;
using Akka.Mta.Core.Logging;
using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Core.Tests;

public sealed class LogRecordTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static LogRecord Sample() => new()
    {
        Type = LogRecordType.TransientFailure,
        Id = "0123456789abcdef0123456789abcdef",
        Sender = "bounce@sender.example",
        Recipient = "user@yahoo.com",
        Queue = "campaign:tenant@yahoo.com",
        Site = "ip-1->(mta5|mta6|mta7).am0.yahoodns.net@smtp_client",
        Size = 10240,
        Response = LogResponse.From(new SmtpResponse(421, new EnhancedStatusCode(4, 7, 0), "[TS04] Messages from 1.2.3.4\ntemporarily deferred", "RCPT TO")),
        PeerAddress = new PeerAddress("mta5.am0.yahoodns.net", "192.0.2.5"),
        EventTime = Created.AddMinutes(5),
        CreatedTime = Created,
        NumAttempts = 1,
        EgressPool = "pool-a",
        EgressSource = "ip-1",
        DeliveryProtocol = "ESMTP",
        ReceptionProtocol = "ESMTP",
        ProviderName = "yahoo",
    };

    [Fact]
    public void JsonLine_UsesKumoFieldNames()
    {
        using var doc = JsonDocument.Parse(Sample().ToJsonLine());
        var root = doc.RootElement;
        Assert.Equal("TransientFailure", root.GetProperty("type").GetString());
        Assert.Equal(Created.AddMinutes(5).ToUnixTimeSeconds(), root.GetProperty("timestamp").GetInt64());
        Assert.Equal(Created.ToUnixTimeSeconds(), root.GetProperty("created").GetInt64());
        var response = root.GetProperty("response");
        Assert.Equal(421, response.GetProperty("code").GetInt32());
        Assert.Equal(7, response.GetProperty("enhanced_code").GetProperty("subject").GetInt32());
        Assert.Equal("[TS04] Messages from 1.2.3.4 temporarily deferred", response.GetProperty("content").GetString());
        Assert.Equal("RCPT TO", response.GetProperty("command").GetString());
        Assert.Equal("yahoo", root.GetProperty("provider_name").GetString());
        Assert.False(root.TryGetProperty("tls_cipher", out _), "absent TLS fields are omitted");
        Assert.Equal(JsonValueKind.Null, root.GetProperty("feedback_report").ValueKind);
    }

    [Fact]
    public void JsonLine_RoundTrips()
    {
        var record = Sample();
        var back = LogRecord.FromJsonLine(record.ToJsonLine());
        Assert.Equal(record.ToJsonLine(), back.ToJsonLine());
        Assert.Equal("421 4.7.0 [TS04] Messages from 1.2.3.4 temporarily deferred", back.Response.ToSmtpResponse().ToSingleLine());
    }

    [Fact]
    public void MalformedLine_IsAJsonException() =>
        Assert.ThrowsAny<JsonException>(() => LogRecord.FromJsonLine("{\"type\":\"Nope\"}"));
}
