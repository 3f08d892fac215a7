using System.Diagnostics;

namespace Akka.Mta.Node.Tests;

/// <summary><c>akka-mta policy check</c> run as operators run it: a separate process.</summary>
public sealed class PolicyCheckTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "akka-mta-policy-check-" + Guid.NewGuid().ToString("N"));

    public PolicyCheckTests() => Directory.CreateDirectory(_dir);

    private static async Task<(int Code, string Out, string Err)> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "akka-mta.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Check_PrintsEveryHandlersResult_AndExits0()
    {
        File.WriteAllText(Path.Combine(_dir, "init.lua"), """
            local mta = require 'mta'
            mta.on('smtp_server_message_received', function(msg)
              msg:set_meta('tenant', msg:get_first_named_header_value('X-Tenant'))
            end)
            mta.on('get_queue_config', function(domain, tenant) return { egress_pool = 'pool-' .. tenant } end)
            mta.on('get_egress_source', function(name) return { name = name, ehlo_domain = 'mx.' .. name } end)
            """);

        var (code, stdout, stderr) = await RunAsync(_dir, "policy", "check", "--policy", "init.lua", "--tenant", "acme", "--source", "ip-9");

        Assert.True(code == 0, stderr);
        Assert.Contains("smtp_server_message_received: accepted; meta {\"tenant\":\"acme\"}", stdout);
        Assert.Contains("get_queue_config: {\"egress_pool\":\"pool-acme\"}", stdout);
        Assert.Contains("get_egress_source: (ip-9) {\"ehlo_domain\":\"mx.ip-9\",\"name\":\"ip-9\"}", stdout);
    }

    [Fact]
    public async Task Check_ReportsFileAndLine_AndExits1()
    {
        File.WriteAllText(Path.Combine(_dir, "init.lua"), """
            local mta = require 'mta'
            mta.on('get_egress_pool', function(name)
              error('no pool ' .. name)
            end)
            mta.on('get_queue_config', function() return { retry_interval = 'soon' } end)
            """);

        var (code, _, stderr) = await RunAsync(_dir, "policy", "check", "--policy", "init.lua");

        Assert.Equal(1, code);
        Assert.Contains("init.lua:5: get_queue_config: returned options are invalid: ", stderr);
        Assert.Contains("init.lua:3: get_egress_pool: no pool default", stderr);
    }

    [Fact]
    public async Task Check_ShowsTheDkimSigners_AndSignsTheSampleMessage()
    {
        using var keys = Akka.Mta.Testing.Dkim.DkimTestKeys.Create();
        File.Copy(keys.RsaPath, Path.Combine(_dir, "dkim.pem"));
        File.WriteAllText(Path.Combine(_dir, "init.lua"), $$"""
            local mta = require 'mta'
            local signer = mta.dkim.rsa_sha256_signer { domain = 'example.net', selector = 'sel', headers = { 'From', 'Subject' }, key = 'dkim.pem', over_sign = true }
            mta.on('smtp_server_message_received', function(msg)
              msg:dkim_sign(signer)
              msg:dkim_sign(mta.dkim.ed25519_signer { domain = 'example.net', selector = 'ed', headers = { 'From' }, key = '{{keys.Ed25519Path}}' })
            end)
            """);

        var (code, stdout, stderr) = await RunAsync(_dir, "policy", "check", "--policy", "init.lua");

        Assert.True(code == 0, stderr);
        Assert.Contains("smtp_server_message_received: accepted; meta {}; 2 DKIM signature(s) added", stdout);
        Assert.Contains("dkim signers: 2", stdout);
        Assert.Contains($"  rsa-sha256 d=example.net s=sel c=relaxed/relaxed h=From:Subject (over-signed), key RSA 2048-bit from file {Path.Combine(_dir, "dkim.pem")} ({Path.Combine(_dir, "init.lua")}:2); DNS: sel._domainkey.example.net TXT \"v=DKIM1; k=rsa; p=MII", stdout);
        Assert.Contains($"  ed25519-sha256 d=example.net s=ed c=relaxed/relaxed h=From, key Ed25519 from file {keys.Ed25519Path} ({Path.Combine(_dir, "init.lua")}:5); DNS: ed._domainkey.example.net TXT \"v=DKIM1; k=ed25519; p=", stdout);
    }

    [Fact]
    public async Task Check_WithAKeyOfTheWrongAlgorithm_Exits1_WithFileAndLine()
    {
        using var keys = Akka.Mta.Testing.Dkim.DkimTestKeys.Create();
        File.WriteAllText(Path.Combine(_dir, "init.lua"), $$"""
            local mta = require 'mta'

            local signer = mta.dkim.ed25519_signer { domain = 'example.net', selector = 's', headers = { 'From' }, key = '{{keys.RsaPath}}' }
            """);

        var (code, _, stderr) = await RunAsync(_dir, "policy", "check", "--policy", "init.lua");

        Assert.Equal(1, code);
        Assert.StartsWith($"init.lua:3: load: mta.dkim.ed25519_signer: key file {keys.RsaPath}: the key is an RSA key, but this signer is ed25519-sha256 and needs an Ed25519 key", stderr);
    }

    [Fact]
    public async Task Check_ListsTheLogHooks_AndCallsShouldEnqueueLogRecord_WithoutShowingSecrets()
    {
        File.WriteAllText(Path.Combine(_dir, "init.lua"), """
            local mta = require 'mta'
            mta.configure_log_hook {
              name = 'events', per_record = { Delivery = true, Bounce = true }, meta = { 'tenant' }, batch_size = 100, max_batch_latency = '5s',
              webhook = { url = 'https://hooks.example.net/mta?token=x', headers = { Authorization = 'Bearer t0ken' }, hmac = { key = 'k3y' } },
            }
            mta.configure_log_hook { name = 'bus', amqp = { url = 'amqp://mta:pa55@127.0.0.1:5672/%2f', exchange = 'logs', routing_key = 'mta.records' } }
            mta.on('should_enqueue_log_record', function(record, hook_name) return hook_name == 'events' end)
            """);

        var (code, stdout, stderr) = await RunAsync(_dir, "policy", "check", "--policy", "init.lua");

        Assert.True(code == 0, stderr);
        Assert.Contains("should_enqueue_log_record: (events, a sample Delivery record) enqueued; (bus, a sample Delivery record) dropped", stdout);
        Assert.Contains("log hooks: 2", stdout);
        Assert.Contains($"  events -> queue events.log_hook: webhook POST https://hooks.example.net/mta headers [Authorization] signed X-Signature-256: sha256=<hmac-sha256> timeout 30s; batch_size 100, max_batch_latency 5s; records Bounce,Delivery; meta tenant ({Path.Combine(_dir, "init.lua")}:2)", stdout);
        Assert.Contains("  bus -> queue bus.log_hook: amqp amqp://mta:***@127.0.0.1:5672/%2f exchange 'logs' routing_key 'mta.records'; batch_size 1; records all", stdout);
        Assert.DoesNotContain("pa55", stdout);
        Assert.DoesNotContain("k3y", stdout);
        Assert.DoesNotContain("t0ken", stdout);
    }

    [Fact]
    public async Task Check_OfABadLogHook_Exits1_WithFileLineAndTheHooksName()
    {
        File.WriteAllText(Path.Combine(_dir, "init.lua"), """
            local mta = require 'mta'

            mta.configure_log_hook { name = 'events', batch_size = 0, webhook = { url = 'https://hooks.example.net/' } }
            """);

        var (code, _, stderr) = await RunAsync(_dir, "policy", "check", "--policy", "init.lua");

        Assert.Equal(1, code);
        Assert.StartsWith("init.lua:3: load: mta.configure_log_hook 'events': batch_size: expected an integer from 1 to 10000, got 0", stderr);
    }

    [Fact]
    public async Task Check_OfAPolicyThatDoesNotLoad_Exits1_WithFileAndLine()
    {
        File.WriteAllText(Path.Combine(_dir, "init.lua"), "local mta = require 'mta'\nmta.on('get_egress_pool', function()\n");

        var (code, _, stderr) = await RunAsync(_dir, "policy", "check", "--policy", "init.lua");

        Assert.Equal(1, code);
        Assert.StartsWith("init.lua:3: load: ", stderr);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
