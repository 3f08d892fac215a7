using System.Text;
using Akka.Mta.Delivery.Reception;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Delivery.Tests.Reception;

public sealed class HttpInjectorTests : IDisposable
{
    private readonly RecordingSubmitter _submitter = new();
    private readonly PolicyDirectory _policy = new("""
        local mta = require 'mta'
        mta.on('http_message_generated', function(msg)
          if msg:recipient():match('^blocked@') then mta.reject(550, '5.7.1 blocked by policy') end
          msg:set_meta('tenant', msg:get_first_named_header_value('X-Tenant') or 'none')
          msg:append_header('X-Injected', 'yes')
        end)
        """);

    private HttpInjector Injector() => new(_submitter, _policy.Host, TimeProvider.System, "mta.test", NullLogger<HttpInjector>.Instance);

    [Fact]
    public async Task EachRecipient_GetsItsOwnRenderedMessage_WithPolicyMeta()
    {
        var request = InjectRequest.Parse("""
            {"envelope_sender": "bounce@example.com",
             "recipients": [{"email": "ann@example.net", "name": "Ann", "metadata": {"campaign": "c9"}},
                            {"email": "bob@example.org", "substitutions": {"greeting": "Yo"}}],
             "substitutions": {"greeting": "Hello"},
             "content": "Subject: {{ greeting }} {{ name }}\nX-Tenant: acme\n\nDear {{ email }}\n"}
            """);

        var result = await Injector().InjectAsync(request, "127.0.0.1", CancellationToken.None);

        Assert.Equal(2, result.SuccessCount);
        Assert.Equal(0, result.FailCount);
        var ann = Encoding.UTF8.GetString(_submitter.Submitted[0].Body.Span);
        var bob = Encoding.UTF8.GetString(_submitter.Submitted[1].Body.Span);
        Assert.Equal("Subject: Hello Ann\r\nX-Tenant: acme\r\nX-Injected: yes\r\n\r\nDear ann@example.net\r\n", ann);
        Assert.StartsWith("Subject: Yo \r\n", bob);
        Assert.Equal("acme", _submitter.Submitted[0].Meta["tenant"]!.GetValue<string>());
        Assert.Equal("c9", _submitter.Submitted[0].Meta["campaign"]!.GetValue<string>());
        Assert.Equal("HTTP", _submitter.Submitted[0].ReceptionProtocol);
        Assert.Equal("bob@example.org", _submitter.Submitted[1].Recipient);
    }

    [Fact]
    public async Task PolicyRejection_CountsTheRecipientAsFailed_OthersAreStored()
    {
        var request = InjectRequest.Parse("""
            {"envelope_sender": "b@example.com", "recipients": [{"email": "blocked@example.net"}, {"email": "ok@example.net"}],
             "content": {"subject": "s", "text_body": "t"}}
            """);

        var result = await Injector().InjectAsync(request, null, CancellationToken.None);

        Assert.Equal(1, result.SuccessCount);
        Assert.Equal(["blocked@example.net"], result.FailedRecipients);
        Assert.Contains("550 5.7.1 blocked by policy", result.Errors[0]);
        Assert.Single(_submitter.Submitted);
    }

    [Fact]
    public async Task BadTemplate_IsRefusedBeforeAnythingIsStored()
    {
        var request = InjectRequest.Parse("""
            {"envelope_sender": "b@example.com", "recipients": [{"email": "a@example.net"}],
             "content": {"subject": "{% for x in y %}", "text_body": "t"}}
            """);

        var e = await Assert.ThrowsAsync<InjectRequestException>(() => Injector().InjectAsync(request, null, CancellationToken.None));
        Assert.Equal("content", e.Field);
        Assert.Empty(_submitter.Submitted);
    }

    [Fact]
    public async Task SpoolFailure_Propagates_SoTheClientIsNotToldOk()
    {
        _submitter.FailWith = new IOException("disk full");
        var request = InjectRequest.Parse("""{"envelope_sender": "b@example.com", "recipients": [{"email": "a@example.net"}], "content": "Subject: x\n\nbody"}""");
        await Assert.ThrowsAsync<IOException>(() => Injector().InjectAsync(request, null, CancellationToken.None));
    }

    public void Dispose() => _policy.Dispose();
}
