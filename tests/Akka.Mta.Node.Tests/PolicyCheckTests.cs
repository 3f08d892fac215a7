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
    public async Task Check_OfAPolicyThatDoesNotLoad_Exits1_WithFileAndLine()
    {
        File.WriteAllText(Path.Combine(_dir, "init.lua"), "local mta = require 'mta'\nmta.on('get_egress_pool', function()\n");

        var (code, _, stderr) = await RunAsync(_dir, "policy", "check", "--policy", "init.lua");

        Assert.Equal(1, code);
        Assert.StartsWith("init.lua:3: load: ", stderr);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
