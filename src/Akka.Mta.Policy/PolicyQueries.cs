namespace Akka.Mta.Policy;

/// <summary>The arguments of <c>get_queue_config(domain, tenant, campaign, routing_domain)</c>.</summary>
public sealed record QueueConfigQuery(string Domain, string? Tenant = null, string? Campaign = null, string? RoutingDomain = null);

/// <summary>The arguments of <c>get_egress_path_config(domain, source, site)</c>.</summary>
public sealed record EgressPathQuery(string Domain, string Source, string Site);
