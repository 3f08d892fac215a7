using System.Net;
using System.Text;

namespace Akka.Mta.Testing.Postfix;

/// <summary>
/// A real postfix instance for tests and benchmarks: its own config and queue directories under
/// /tmp, an smtpd on a free 127.0.0.1 port, and either relaying everything to
/// <c>relayTo</c> (<c>relayhost = [ip]:port</c>) or discarding it. No DNS lookups, no TLS, log in
/// a file. Started with <c>postfix start-fg</c> as a child process; disposing runs
/// <c>postfix stop</c>, waits for the master to leave and deletes the directories.
/// Needs root (postfix drops to its own user), as the tests run.
/// </summary>
public sealed class PostfixRelay : IAsyncDisposable
{
    public const string Postfix = "/usr/sbin/postfix";

    private readonly ExternalProcess _master;

    private PostfixRelay(string directory, IPEndPoint endPoint, ExternalProcess master)
    {
        Directory = directory;
        EndPoint = endPoint;
        _master = master;
    }

    /// <summary>The SMTP listener.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The instance's root: etc/ (config), queue/, data/, maillog.</summary>
    public string Directory { get; }

    public string ConfigDirectory => Path.Combine(Directory, "etc");

    /// <summary>The mail log so far (postfix writes it through postlogd).</summary>
    public string MailLog
    {
        get
        {
            var path = Path.Combine(Directory, "maillog");
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
    }

    public static async Task<PostfixRelay> StartAsync(IPEndPoint? relayTo = null, PostfixRelayOptions? options = null)
    {
        options ??= new PostfixRelayOptions();
        var directory = System.IO.Directory.CreateTempSubdirectory("akka-mta-postfix-").FullName;
        var endPoint = new IPEndPoint(IPAddress.Loopback, Loopback.FreePort());
        PostfixConfig.Write(directory, endPoint, relayTo, options);
        // data/ belongs to the mail owner (postfix writes its lock and caches there)
        await using (var chown = ExternalProcess.Start("/bin/chown", ["postfix:postfix", Path.Combine(directory, "data")]))
        {
            if (await chown.WaitForExitAsync(TimeSpan.FromSeconds(30), "chown of the postfix data directory") != 0)
            {
                throw new InvalidOperationException($"cannot give {directory}/data to the postfix user: {chown.Output}");
            }
        }
        var master = ExternalProcess.Start(Postfix, ["-c", Path.Combine(directory, "etc"), "start-fg"]);
        var relay = new PostfixRelay(directory, endPoint, master);
        try
        {
            await Loopback.WaitUntilListeningAsync(endPoint, TimeSpan.FromSeconds(60), "postfix smtpd",
                () => master.Output + " maillog: " + relay.MailLog, () => master.HasExited);
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
        return relay;
    }

    /// <summary>Waits until the mail log has a line containing <paramref name="text"/> (say, <c>status=sent</c>).</summary>
    public async Task<string> WaitForLogAsync(string text, TimeSpan deadline, int occurrences = 1)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var lines = MailLog.Split('\n').Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
            if (lines.Count >= occurrences)
            {
                return lines[occurrences - 1];
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"waited {deadline.TotalSeconds:0}s for {occurrences} postfix log line(s) with \"{text}\". Log: {MailLog}");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_master.HasExited)
        {
            await using var stop = ExternalProcess.Start(Postfix, ["-c", ConfigDirectory, "stop"]);
            await stop.WaitForExitAsync(TimeSpan.FromSeconds(30), "postfix stop");
            try
            {
                await _master.WaitForExitAsync(TimeSpan.FromSeconds(30), "the postfix master");
            }
            catch (TimeoutException)
            {
                // DisposeAsync below kills it
            }
        }
        await _master.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a daemon still closing its files; the temp directory is cleaned later
        }
    }
}

/// <summary>Writes main.cf, master.cf and the access map of a <see cref="PostfixRelay"/>.</summary>
internal static class PostfixConfig
{
    public static void Write(string directory, IPEndPoint listen, IPEndPoint? relayTo, PostfixRelayOptions options)
    {
        var etc = System.IO.Directory.CreateDirectory(Path.Combine(directory, "etc")).FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "queue"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
        if (!OperatingSystem.IsWindows())
        {
            // postfix checks that the path to its queue is not writable by others, and writes data/ as its own user
            File.SetUnixFileMode(directory, (UnixFileMode)0x1ed);
        }
        var access = Path.Combine(etc, "recipient_access");
        File.WriteAllLines(access, options.RecipientAccess.Select(e => $"{e.Key} {e.Value}"));
        var settings = new Dictionary<string, string>
        {
            ["compatibility_level"] = "3.6",
            ["queue_directory"] = Path.Combine(directory, "queue"),
            ["data_directory"] = Path.Combine(directory, "data"),
            ["meta_directory"] = "/etc/postfix",
            ["mail_owner"] = "postfix",
            ["setgid_group"] = "postdrop",
            ["myhostname"] = options.HostName,
            ["mydomain"] = "test",
            ["myorigin"] = options.HostName,
            ["mydestination"] = "",
            ["inet_interfaces"] = "127.0.0.1",
            ["inet_protocols"] = "ipv4",
            ["mynetworks"] = "127.0.0.0/8",
            ["smtp_dns_support_level"] = "disabled",
            ["smtp_host_lookup"] = "native",
            ["smtpd_peername_lookup"] = "no",
            ["maillog_file"] = Path.Combine(directory, "maillog"),
            ["maillog_file_prefixes"] = directory,
            ["smtp_tls_security_level"] = "none",
            ["smtpd_tls_security_level"] = "none",
            ["alias_maps"] = "",
            ["alias_database"] = "",
            ["local_recipient_maps"] = "",
            ["append_dot_mydomain"] = "no",
            ["biff"] = "no",
            ["in_flow_delay"] = "0s",
            ["smtpd_client_connection_count_limit"] = "0",
            ["smtpd_client_connection_rate_limit"] = "0",
            ["smtpd_recipient_restrictions"] = $"check_recipient_access texthash:{access}, permit_mynetworks, reject_unauth_destination",
            ["relayhost"] = relayTo is null ? "" : $"[{relayTo.Address}]:{relayTo.Port}",
            ["default_transport"] = relayTo is null ? "discard:accepted by the test relay" : "smtp",
            ["relay_transport"] = relayTo is null ? "discard:accepted by the test relay" : "relay",
        };
        foreach (var (key, value) in options.MainCf)
        {
            settings[key] = value;
        }
        File.WriteAllLines(Path.Combine(etc, "main.cf"), settings.Select(s => $"{s.Key} = {s.Value}"));
        File.WriteAllText(Path.Combine(etc, "master.cf"), MasterCf(listen, options.SmtpdProcessLimit), Encoding.ASCII);
    }

    /// <summary>Debian's default services, none chrooted, smtpd on the test port.</summary>
    private static string MasterCf(IPEndPoint listen, int smtpdLimit) => $"""
        {listen.Address}:{listen.Port} inet n - n - {smtpdLimit} smtpd
        pickup    unix  n       -       n       60      1       pickup
        cleanup   unix  n       -       n       -       0       cleanup
        qmgr      unix  n       -       n       300     1       qmgr
        tlsmgr    unix  -       -       n       1000?   1       tlsmgr
        rewrite   unix  -       -       n       -       -       trivial-rewrite
        bounce    unix  -       -       n       -       0       bounce
        defer     unix  -       -       n       -       0       bounce
        trace     unix  -       -       n       -       0       bounce
        verify    unix  -       -       n       -       1       verify
        flush     unix  n       -       n       1000?   0       flush
        proxymap  unix  -       -       n       -       -       proxymap
        proxywrite unix -       -       n       -       1       proxymap
        smtp      unix  -       -       n       -       -       smtp
        relay     unix  -       -       n       -       -       smtp
        showq     unix  n       -       n       -       -       showq
        error     unix  -       -       n       -       -       error
        retry     unix  -       -       n       -       -       error
        discard   unix  -       -       n       -       -       discard
        anvil     unix  -       -       n       -       1       anvil
        scache    unix  -       -       n       -       1       scache
        postlog   unix-dgram n  -       n       -       1       postlogd

        """;
}
