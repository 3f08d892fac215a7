using System.Net;

namespace Akka.Mta.Node.Tests;

/// <summary>Test policies that send every message to one in-process sink, over plain SMTP.</summary>
internal static class SinkRouting
{
    public static string Policy(IPEndPoint sink) => $$"""
        local mta = require 'mta'
        mta.on('get_queue_config', function(domain, tenant, campaign, routing_domain)
          return { protocol = { smtp = { mx_list = { '{{sink.Address}}:{{sink.Port}}' } } } }
        end)
        mta.on('get_egress_path_config', function(domain, source, site)
          return { enable_tls = 'Disabled', prohibited_hosts = {}, provider_name = 'sinkprovider' }
        end)
        """;
}
