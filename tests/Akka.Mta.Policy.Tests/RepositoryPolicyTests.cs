using Akka.Mta.Policy.Options;
using Akka.Mta.Policy.Shaping;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Policy.Tests;

/// <summary>The policy/ directory shipped in the repository loads with the real host and answers every event.</summary>
public sealed class RepositoryPolicyTests
{
    internal static string RepositoryPolicyFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Akka.Mta.sln")))
            {
                return Path.Combine(dir.FullName, "policy", "init.lua");
            }
        }
        throw new InvalidOperationException("Akka.Mta.sln not found above " + AppContext.BaseDirectory);
    }

    private static PolicyHost StartRepositoryPolicy() => PolicyHost.Start(new PolicyHostOptions
    {
        PolicyFile = RepositoryPolicyFile(),
        ShapingLoader = new ShapingLibraryLoader(NoDnsMxHostsSource.Instance),
    });

    [Fact]
    public void RepositoryPolicy_Loads_AndRegistersItsEvents()
    {
        using var host = StartRepositoryPolicy();

        Assert.Equal(
            new HashSet<string>
            {
                PolicyEvents.SmtpServerMessageReceived, PolicyEvents.HttpMessageGenerated, PolicyEvents.SmtpServerRcptTo,
                PolicyEvents.GetQueueConfig, PolicyEvents.GetEgressPool, PolicyEvents.GetEgressSource, PolicyEvents.GetEgressPathConfig,
            },
            host.RegisteredEvents.ToHashSet());
    }

    [Fact]
    public void RepositoryPolicy_SetsTenantAndCampaign_FromHeaders()
    {
        using var host = StartRepositoryPolicy();
        var msg = InMemoryPolicyMessage.FromContent("1", "s@example.net", "r@example.com", "X-Tenant: acme\r\nX-Campaign: spring\r\n\r\n");
        var plain = new InMemoryPolicyMessage("2", "s@example.net", "r@example.com");

        host.SmtpServerMessageReceived(msg);
        host.HttpMessageGenerated(plain);

        Assert.Equal("acme", msg.Meta["tenant"]!.GetValue<string>());
        Assert.Equal("spring", msg.Meta["campaign"]!.GetValue<string>());
        Assert.Equal("default", plain.Meta["tenant"]!.GetValue<string>());
        Assert.False(plain.Meta.ContainsKey("campaign"));
        Assert.Equal(550, host.SmtpServerRcptTo("x@host.invalid", new ConnectionMeta()).Rejection!.Code);
    }

    [Fact]
    public void RepositoryPolicy_PicksAPoolPerTenant_AndChecksQueueConfig()
    {
        using var host = StartRepositoryPolicy();

        var acme = host.GetQueueConfig(new QueueConfigQuery("example.com", "acme"), ShapingCheckers.Queue)!;
        var other = host.GetQueueConfig(new QueueConfigQuery("example.com", "globex"), ShapingCheckers.Queue)!;

        Assert.Equal("acme", acme.EgressPool);
        Assert.Equal("shared", other.EgressPool);
        Assert.Equal(TimeSpan.FromDays(3), acme.MaxAge);
        Assert.Equal([new EgressPoolEntry("ip-1", 3), new EgressPoolEntry("ip-2", 1)], host.GetEgressPool("acme")!.Entries);
        Assert.Equal("mta2.example.net", host.GetEgressSource("ip-2")!.EhloDomain);
        Assert.Contains("no egress pool named nope", Assert.Throws<PolicyException>(() => host.GetEgressPool("nope")).Error.Message);
    }

    [Fact]
    public void RepositoryPolicy_ShapesPaths_FromBothShapingFiles()
    {
        using var host = StartRepositoryPolicy();

        var example = host.GetEgressPathConfig(new EgressPathQuery("example.com", "ip-2", "example.com"), ShapingCheckers.EgressPath)!;
        var other = host.GetEgressPathConfig(new EgressPathQuery("other.example", "ip-1", "mx.other.example"), ShapingCheckers.EgressPath)!;
        var raw = host.CallForTable(PolicyEvents.GetEgressPathConfig, "example.com", "ip-2", "example.com")!;

        Assert.Equal("2", example.ConnectionLimit.ToString());
        Assert.Equal("10", other.ConnectionLimit.ToString());
        Assert.Equal("2/s", raw["max_message_rate"]!.GetValue<string>());
        Assert.Equal(100, raw["max_deliveries_per_connection"]!.GetValue<long>());
        Assert.Equal("Epoch", raw["refresh_strategy"]!.GetValue<string>());
    }

    [Fact]
    public void ShapingFile_WithAnUnknownOption_FailsTheLoad_WithFileAndLine()
    {
        using var dir = new PolicyFixture("local s = require('mta').shaping.load { 'bad.toml' }\n",
            ("bad.toml", "[\"default\"]\nconnection_limit = 3\nconection_limit = 4\n"));

        var ex = Assert.Throws<PolicyException>(() => dir.Start(o => o with { ShapingLoader = new ShapingLibraryLoader(NoDnsMxHostsSource.Instance) }));

        Assert.Equal(1, ex.Error.Line);
        Assert.Contains("bad.toml:3", ex.Error.Message);
        Assert.Contains("conection_limit", ex.Error.Message);
    }

    [Fact]
    public void ShapingLoad_WithoutALoader_SaysSo()
    {
        using var dir = new PolicyFixture("local s = require('mta').shaping.load { 'shaping.toml' }\n");

        var ex = Assert.Throws<PolicyException>(() => dir.Start());

        Assert.Equal("mta.shaping.load: no shaping library is configured in this host", ex.Error.Message);
    }

    [Fact]
    public void PathConfig_ThatFailsTheShapingChecks_NamesTheKey()
    {
        using var dir = new PolicyFixture("""
            require('mta').on('get_egress_path_config', function() return { connection_limit = 'lots', bogus = 1 } end)
            """);
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressPathConfig(new EgressPathQuery("d", "s", "x"), ShapingCheckers.EgressPath));

        Assert.Equal(1, ex.Error.Line);
        Assert.Contains("connection_limit", ex.Error.Message);
        Assert.Contains("bogus", ex.Error.Message);
    }

    [Fact]
    public void EmptyLuaTable_IsAnEmptyList_WhereAListIsExpected()
    {
        using var dir = new PolicyFixture("""
            require('mta').on('get_egress_path_config', function() return { prohibited_hosts = {}, skip_hosts = {}, additional_connection_limits = {} } end)
            """);
        using var host = dir.Start();

        var config = host.GetEgressPathConfig(new EgressPathQuery("d", "s", "x"), ShapingCheckers.EgressPath)!;

        Assert.Empty(config.ProhibitedHosts);
        Assert.Empty(config.SkipHosts);
        Assert.Empty(config.AdditionalConnectionLimits);
    }
}
