using Akka.Mta.Core.Smtp;
using Akka.Mta.Shaping;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Input;
using Akka.Mta.Shaping.Merging;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Akka.Mta.Benchmarks;

/// <summary>A short in-process job (a separate benchmark build times out on the shared machine).</summary>
internal sealed class ShapingBenchConfig : ManualConfig
{
    public ShapingBenchConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Throughput)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8).WithId("ShapingShort"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>
/// KumoMTA's default and community shaping files merged, and 10,000 destinations whose MX hosts
/// look like real traffic: a third at Google, then Yahoo, Outlook, Office 365, iCloud, and many
/// small domains with MX hosts of their own.
/// </summary>
internal static class ShapingBenchData
{
    public const int Domains = 10_000;

    public static ShapingModel Load()
    {
        var directory = FindAnchors();
        var inputs = new[] { "policy-extras-shaping.toml", "community-shaping.toml" }
            .Select(name => new ShapingInput(name, File.ReadAllBytes(Path.Combine(directory, name))))
            .ToList();
        var mx = new StaticMxHostsSource(new Dictionary<string, IReadOnlyList<string>>
        {
            ["comcast.net"] = ["mx1a1.comcast.net", "mx2c1.comcast.net"],
            ["mail.com"] = ["mx00.mail.com", "mx01.mail.com"],
            ["smtp.mailgun.com"] = ["smtp.mailgun.com"],
            ["yahoo.co.jp"] = ["mx1.mail.yahoo.co.jp", "mx2.mail.yahoo.co.jp"],
        }, NoDnsMxHostsSource.Instance);
        var model = ShapingLoader.LoadAsync(inputs, mx, ShapingLoadOptions.Default with
        {
            Parse = ShapingParseOptions.Default with { RegexOptions = System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled },
        }).GetAwaiter().GetResult();
        if (model.HasErrors)
        {
            throw new InvalidOperationException(string.Join("\n", model.Errors));
        }
        return model;
    }

    public static (string Domain, MxHostsResult Mx)[] Destinations()
    {
        var google = MxHostsResult.FromHosts(["gmail-smtp-in.l.google.com", "alt1.gmail-smtp-in.l.google.com", "alt2.gmail-smtp-in.l.google.com"]);
        var workspace = MxHostsResult.FromHosts(["aspmx.l.google.com", "alt1.aspmx.l.google.com", "aspmx2.googlemail.com"]);
        var yahoo = MxHostsResult.FromHosts(["mta5.am0.yahoodns.net", "mta6.am0.yahoodns.net", "mta7.am0.yahoodns.net"]);
        var outlook = MxHostsResult.FromHosts(["hotmail-com.olc.protection.outlook.com"]);
        var icloud = MxHostsResult.FromHosts(["mx01.mail.icloud.com", "mx02.mail.icloud.com"]);
        var comcast = MxHostsResult.FromHosts(["mx1a1.comcast.net", "mx2c1.comcast.net"]);
        var result = new (string, MxHostsResult)[Domains];
        for (var i = 0; i < Domains; i++)
        {
            result[i] = (i % 20) switch
            {
                0 => ("gmail.com", google),
                1 or 2 or 3 or 4 or 5 => ($"corp{i}.example", workspace),
                6 or 7 or 8 => ($"yahoo{i % 7}.example", yahoo),
                9 or 10 => ($"outlook{i % 5}.example", outlook),
                11 => ($"office{i}.example", MxHostsResult.FromHosts([$"office{i}-example.mail.protection.outlook.com"])),
                12 => ("icloud.com", icloud),
                13 => ("comcast.net", comcast),
                _ => ($"small{i}.example", MxHostsResult.FromHosts([$"mx1.small{i}.example", $"mx2.small{i}.example"])),
            };
        }
        return result;
    }

    private static string FindAnchors()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Akka.Mta.Shaping.Tests", "Anchors", "kumomta");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("tests/Akka.Mta.Shaping.Tests/Anchors/kumomta not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Effective-config resolution (with provenance and the typed config) over 10,000 destinations.
/// Run: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- --filter '*Shaping*'
/// </summary>
[Config(typeof(ShapingBenchConfig))]
public class ShapingResolveBenchmarks
{
    private ShapingModel _model = null!;
    private (string Domain, Shaping.Merging.MxHostsResult Mx)[] _destinations = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = ShapingBenchData.Load();
        _destinations = ShapingBenchData.Destinations();
    }

    /// <summary>One resolution per destination; the figure is per resolution.</summary>
    [Benchmark(OperationsPerInvoke = ShapingBenchData.Domains)]
    public int ResolveEffectiveConfig()
    {
        var total = 0;
        foreach (var (domain, mx) in _destinations)
        {
            total += _model.Resolve(domain, "ip-1", mx).Config.MaxDeliveriesPerConnection;
        }
        return total;
    }

    /// <summary>Provider matching alone (suffix tables and the every-host rule).</summary>
    [Benchmark(OperationsPerInvoke = ShapingBenchData.Domains)]
    public int MatchProviders()
    {
        var total = 0;
        foreach (var (domain, mx) in _destinations)
        {
            total += _model.MatchProviders(domain, mx).Count;
        }
        return total;
    }
}

/// <summary>Automation rule matching for typical provider responses (all candidate rules of the destination evaluated).</summary>
[Config(typeof(ShapingBenchConfig))]
public class ShapingRuleMatchBenchmarks
{
    private ShapingModel _model = null!;
    private (SmtpResponse Response, string Domain, Shaping.Merging.MxHostsResult Mx)[] _cases = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = ShapingBenchData.Load();
        var yahoo = Shaping.Merging.MxHostsResult.FromHosts(["mta5.am0.yahoodns.net", "mta6.am0.yahoodns.net", "mta7.am0.yahoodns.net"]);
        var google = Shaping.Merging.MxHostsResult.FromHosts(["gmail-smtp-in.l.google.com", "alt1.gmail-smtp-in.l.google.com"]);
        var outlook = Shaping.Merging.MxHostsResult.FromHosts(["hotmail-com.olc.protection.outlook.com"]);
        var comcast = Shaping.Merging.MxHostsResult.FromHosts(["mx1a1.comcast.net", "mx2c1.comcast.net"]);
        var small = Shaping.Merging.MxHostsResult.FromHosts(["mx1.small.example"]);
        _cases =
        [
            (ResponseLine.Parse("421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1"), "yahoo.com", yahoo),
            (ResponseLine.Parse("421 4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address."), "gmail.com", google),
            (ResponseLine.Parse("550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150)."), "hotmail.com", outlook),
            (ResponseLine.Parse("421 4.2.1 RL000010 Domain throttled"), "comcast.net", comcast),
            (ResponseLine.Parse("250 2.0.0 OK queued as 7F3A2C"), "small.example", small),
            (ResponseLine.Parse("451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77714)"), "hotmail.com", outlook),
        ];
    }

    [Benchmark(OperationsPerInvoke = 6)]
    public int MatchRules()
    {
        var total = 0;
        foreach (var (response, domain, mx) in _cases)
        {
            total += _model.MatchRules(response, domain, mx.Site, mx).Count;
        }
        return total;
    }
}
