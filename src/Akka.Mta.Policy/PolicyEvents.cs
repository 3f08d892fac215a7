namespace Akka.Mta.Policy;

/// <summary>
/// The events a policy registers with <c>mta.on(event, fn)</c>, with the Lua signature each
/// handler is called with and what it may return.
/// </summary>
public static class PolicyEvents
{
    /// <summary><c>fn(domain, conn_meta)</c>: the EHLO/HELO argument; may <c>mta.reject</c>.</summary>
    public const string SmtpServerEhlo = "smtp_server_ehlo";

    /// <summary><c>fn(sender, conn_meta)</c>: the MAIL FROM address (empty for a null sender); may reject.</summary>
    public const string SmtpServerMailFrom = "smtp_server_mail_from";

    /// <summary><c>fn(recipient, conn_meta)</c>: one RCPT TO address; may reject.</summary>
    public const string SmtpServerRcptTo = "smtp_server_rcpt_to";

    /// <summary><c>fn(msg)</c>: a message received over SMTP, before it is spooled; may set metadata, add headers, reject.</summary>
    public const string SmtpServerMessageReceived = "smtp_server_message_received";

    /// <summary><c>fn(msg)</c>: a message built by the HTTP injection API; as smtp_server_message_received.</summary>
    public const string HttpMessageGenerated = "http_message_generated";

    /// <summary><c>fn(domain, tenant, campaign, routing_domain) -> table</c>: scheduled-queue options (KumoMTA QueueConfig).</summary>
    public const string GetQueueConfig = "get_queue_config";

    /// <summary><c>fn(name) -> table</c>: <c>{name=, entries={{name=, weight=}}, ttl=}</c>.</summary>
    public const string GetEgressPool = "get_egress_pool";

    /// <summary><c>fn(name) -> table</c>: egress source options (name, source_address, ehlo_domain, proxies, ttl).</summary>
    public const string GetEgressSource = "get_egress_source";

    /// <summary><c>fn(domain, source, site) -> table</c>: egress path options (KumoMTA EgressPathConfig).</summary>
    public const string GetEgressPathConfig = "get_egress_path_config";

    /// <summary><c>fn(user, password) -> bool</c>: HTTP Basic credentials of a client that is not a trusted host.</summary>
    public const string HttpServerValidateAuthBasic = "http_server_validate_auth_basic";

    /// <summary><c>fn(token) -> bool</c>: an HTTP Bearer token of a client that is not a trusted host and not a configured token.</summary>
    public const string HttpServerValidateAuthBearer = "http_server_validate_auth_bearer";

    /// <summary>
    /// <c>fn(record, hook_name) -> bool</c>: whether a log hook takes a record (a table with the log
    /// record's fields); false drops it for that hook, true or nil keeps it (KumoMTA's event).
    /// </summary>
    public const string ShouldEnqueueLogRecord = "should_enqueue_log_record";

    /// <summary>Every event name, in the order <c>policy check</c> calls them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        SmtpServerEhlo, SmtpServerMailFrom, SmtpServerRcptTo, SmtpServerMessageReceived, HttpMessageGenerated,
        GetQueueConfig, GetEgressPool, GetEgressSource, GetEgressPathConfig,
        HttpServerValidateAuthBasic, HttpServerValidateAuthBearer, ShouldEnqueueLogRecord,
    ];

    /// <summary>The pseudo-event named in errors raised while the policy files load.</summary>
    public const string Load = "load";
}
