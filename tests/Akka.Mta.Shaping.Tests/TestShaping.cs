using Akka.Mta.Shaping.Input;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Shaping.Tests;

/// <summary>Loading helpers: the KumoMTA anchor files and MX answers as real providers publish them.</summary>
internal static class TestShaping
{
    public const string DefaultFile = "policy-extras-shaping.toml";
    public const string CommunityFile = "community-shaping.toml";

    /// <summary>MX hosts of real domains (as published; no DNS is queried in tests).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> KnownMx = new Dictionary<string, IReadOnlyList<string>>
    {
        ["gmail.com"] = ["gmail-smtp-in.l.google.com", "alt1.gmail-smtp-in.l.google.com", "alt2.gmail-smtp-in.l.google.com",
            "alt3.gmail-smtp-in.l.google.com", "alt4.gmail-smtp-in.l.google.com"],
        ["workspace.example"] = ["aspmx.l.google.com", "alt1.aspmx.l.google.com", "aspmx2.googlemail.com"],
        ["vanity.example"] = ["aspmx.l.google.com", "mx.vanity-backup.example"],
        ["yahoo.com"] = ["mta5.am0.yahoodns.net", "mta6.am0.yahoodns.net", "mta7.am0.yahoodns.net"],
        ["ymail.com"] = ["mta5.am0.yahoodns.net", "mta6.am0.yahoodns.net", "mta7.am0.yahoodns.net"],
        ["yahoo.co.jp"] = ["mx1.mail.yahoo.co.jp", "mx2.mail.yahoo.co.jp", "mx3.mail.yahoo.co.jp"],
        ["comcast.net"] = ["mx1a1.comcast.net", "mx2c1.comcast.net"],
        ["hotmail.com"] = ["hotmail-com.olc.protection.outlook.com"],
        ["contoso.com"] = ["contoso-com.mail.protection.outlook.com"],
        ["icloud.com"] = ["mx01.mail.icloud.com", "mx02.mail.icloud.com"],
        ["orange.fr"] = ["smtp-in.orange.fr"],
        ["mail.com"] = ["mx00.mail.com", "mx01.mail.com"],
        ["smtp.mailgun.com"] = ["smtp.mailgun.com"],
        ["web.de"] = ["mx-ha02.web.de", "mx-ha03.web.de"],
        ["barracuda.example"] = ["d123.ess.barracudanetworks.com"],
        ["example.com"] = ["."],
        ["client.example"] = ["mx.corp-hosting.example"],
    };

    public static string AnchorPath(string name) => Path.Combine(AppContext.BaseDirectory, "Anchors", "kumomta", name);

    public static IReadOnlyList<string> AnchorNames() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Anchors", "kumomta"), "*.toml").Select(Path.GetFileName).OfType<string>().Order().ToList();

    /// <summary>MX answers for the known domains; any other domain is not looked up.</summary>
    public static IMxHostsSource Mx(IReadOnlyDictionary<string, IReadOnlyList<string>>? extra = null)
    {
        var all = new Dictionary<string, IReadOnlyList<string>>(KnownMx);
        foreach (var (domain, hosts) in extra ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            all[domain] = hosts;
        }
        return new StaticMxHostsSource(all, new NoDnsMxHostsSource("not a known test domain"));
    }

    public static MxHostsResult MxOf(string domain) =>
        KnownMx.TryGetValue(domain, out var hosts) ? MxHostsResult.FromHosts(hosts) : MxHostsResult.NotLookedUp("not a known test domain");

    /// <summary>The default file then the community file, as KumoMTA's helper layers them.</summary>
    public static Task<ShapingModel> DefaultAndCommunity(params (string Name, string Text)[] more) =>
        Load([ReadAnchor(DefaultFile), ReadAnchor(CommunityFile), .. more.Select(m => ShapingInput.FromText(m.Name, m.Text))]);

    public static Task<ShapingModel> Text(params (string Name, string Text)[] files) =>
        Load(files.Select(f => ShapingInput.FromText(f.Name, f.Text)).ToList());

    public static Task<ShapingModel> Load(IReadOnlyList<ShapingInput> inputs, ShapingLoadOptions? options = null) =>
        ShapingLoader.LoadAsync(inputs, Mx(), options ?? ShapingLoadOptions.ForValidation);

    public static ShapingInput ReadAnchor(string name) => new(name, File.ReadAllBytes(AnchorPath(name)));

    public static string Describe(ShapingModel model) => string.Join("\n", model.Diagnostics);
}
