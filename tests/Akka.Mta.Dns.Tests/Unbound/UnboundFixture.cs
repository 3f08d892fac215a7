using Akka.Mta.Testing.Dns;

namespace Akka.Mta.Dns.Tests.Unbound;

/// <summary>One unbound per test class, serving the zones the resolver and MX tests read.</summary>
public sealed class UnboundFixture : IAsyncLifetime
{
    public UnboundServer Server { get; private set; } = null!;

    public static DnsZone Zone()
    {
        var zone = new DnsZone()
            .Zone("example.test")
            // Listed out of order: the resolver sorts by preference, then by name.
            .Mx("example.test", 20, "backup.example.test")
            .Mx("example.test", 10, "mx2.example.test")
            .Mx("example.test", 10, "MX1.example.test")
            .A("mx1.example.test", "192.0.2.11").Aaaa("mx1.example.test", "2001:db8::11")
            .A("mx2.example.test", "192.0.2.12")
            .Cname("backup.example.test", "mx2.example.test")
            .A("implicit.example.test", "192.0.2.20")
            .Txt("nodata.example.test", "only a TXT record")
            .Mx("nullmx.example.test", 0, ".")
            .Mx("lost.example.test", 10, "gone.example.test")
            .Cname("chain1.example.test", "chain2.example.test")
            .Cname("chain2.example.test", "chain3.example.test")
            .A("chain3.example.test", "192.0.2.30")
            .Cname("loop1.example.test", "loop2.example.test")
            .Cname("loop2.example.test", "loop1.example.test")
            .Cname("dangling.example.test", "missing.example.test")
            .Txt("txt.example.test", "v=spf1 -all")
            .Mx("xn--bcher-kva.example.test", 10, "mx1.example.test")
            .Ptr("192.0.2.11", "mx1.example.test")
            .Zone("yahoodns.test")
            .Zone("yahoo.test")
            .Mx("yahoo.test", 1, "mta7.am0.yahoodns.test").Mx("yahoo.test", 1, "mta5.am0.yahoodns.test").Mx("yahoo.test", 1, "mta6.am0.yahoodns.test")
            .A("mta5.am0.yahoodns.test", "192.0.2.55").A("mta6.am0.yahoodns.test", "192.0.2.56").A("mta7.am0.yahoodns.test", "192.0.2.57")
            .Zone("refused.test", "refuse");
        for (var i = 1; i <= 100; i++)
        {
            zone.A("big.example.test", $"198.51.100.{i}");
        }
        return zone;
    }

    public async Task InitializeAsync() => Server = await UnboundServer.StartAsync(Zone());

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
