using System.Net;
using Akka.Mta.Smtp.Server;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Smtp.Tests.Server;

/// <summary>The connection limiter as Kestrel middleware, over real loopback sockets.</summary>
public sealed class HostedLimitsTests
{
    [Fact]
    public async Task SecondConnectionFromOneAddress_Gets421_WhenTheLimitIsOne()
    {
        var options = new SmtpServerOptions { HostName = "mx.test", MaxConnectionsPerAddress = 1 };
        await using var host = await SmtpServerHost.StartAsync(options, new SmtpServerServices(new RecordingSink()), [new IPEndPoint(IPAddress.Loopback, 0)]);
        await using var first = await SmtpTestClient.ConnectAsync(host.Endpoints[0]);
        await first.ExpectAsync(220);
        await using (var second = await SmtpTestClient.ConnectAsync(host.Endpoints[0]))
        {
            await second.ExpectAsync(421, "4.7.0 Too many connections from your address");
            await second.ExpectClosedAsync();
        }
        await first.CommandAsync("QUIT", 221);
        await first.ExpectClosedAsync();
        await Eventually.HoldsAsync(() => host.Limiter.Current == 0, "the limiter to release the closed connections");
        await using var third = await SmtpTestClient.ConnectAsync(host.Endpoints[0]);
        await third.ExpectAsync(220);
    }
}
