using System.Text.Json;
using Akka.Mta.Core.Logging;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// A node's working directories for one test: data (spool, logs) and a policy whose queues route to
/// the sink by <c>mx_list</c>, with the test's queue and path options. Reads the node's log files.
/// </summary>
internal sealed class Scenario : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "akka-mta-it-" + Guid.NewGuid().ToString("N"));

    /// <param name="shaping">A shaping.toml the policy loads (its automation rules drive the TSA).</param>
    public Scenario(SinkProcess sink, string queueOptions = "", string pathOptions = "", string? shaping = null)
    {
        Directory.CreateDirectory(PolicyDir);
        if (shaping is not null)
        {
            File.WriteAllText(Path.Combine(PolicyDir, "shaping.toml"), shaping);
        }
        var load = shaping is null ? "" : "local shaping = mta.shaping.load { 'shaping.toml' }";
        File.WriteAllText(PolicyFile, $$"""
            local mta = require 'mta'
            {{load}}
            mta.on('smtp_server_message_received', function(msg)
              local tenant = msg:get_first_named_header_value('X-Tenant')
              if tenant then msg:set_meta('tenant', tenant) end
            end)
            mta.on('http_message_generated', function(msg) end)
            mta.on('get_queue_config', function(domain, tenant, campaign, routing_domain)
              return { protocol = { smtp = { mx_list = { '{{sink.Smtp}}' } } }, {{queueOptions}} }
            end)
            mta.on('get_egress_path_config', function(domain, source, site)
              return { enable_tls = 'Disabled', prohibited_hosts = { '192.0.2.0/24' }, {{pathOptions}} }
            end)
            """);
        Environment.SetEnvironmentVariable("AKKAMTA__Dns__Servers", "127.0.0.1:9");
    }

    public string DataDir => Path.Combine(_root, "data");

    public string PolicyDir => Path.Combine(_root, "policy");

    public string PolicyFile => Path.Combine(PolicyDir, "init.lua");

    public Task<NodeProcess> StartNodeAsync() => NodeProcess.StartAsync(DataDir, PolicyFile);

    /// <summary>Every record in the node's log segments (lines still being written are skipped).</summary>
    public List<LogRecord> Records()
    {
        var dir = Path.Combine(DataDir, "logs");
        if (!Directory.Exists(dir))
        {
            return [];
        }
        var records = new List<LogRecord>();
        foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            foreach (var line in reader.ReadToEnd().Split('\n'))
            {
                try
                {
                    records.Add(LogRecord.FromJsonLine(line));
                }
                catch (JsonException)
                {
                    // empty, or torn by a kill -9
                }
            }
        }
        return records;
    }

    public int Count(LogRecordType type) => Records().Count(r => r.Type == type);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
