using System.Text.Json.Nodes;
using Akka.Mta.Policy.Options;

namespace Akka.Mta.Policy;

/// <summary>The typed events: borrow a state, call the handler, turn the outcome into a result.</summary>
public sealed partial class PolicyHost
{
    public PolicyVerdict SmtpServerEhlo(string domain, IConnectionMeta connection) =>
        Verdict(PolicyEvents.SmtpServerEhlo, "EHLO", Run(PolicyEvents.SmtpServerEhlo, (domain, connection),
            static (r, a) => r.CallWithConnection(PolicyEvents.SmtpServerEhlo, a.domain, a.connection)));

    public PolicyVerdict SmtpServerMailFrom(string sender, IConnectionMeta connection) =>
        Verdict(PolicyEvents.SmtpServerMailFrom, "MAIL FROM", Run(PolicyEvents.SmtpServerMailFrom, (sender, connection),
            static (r, a) => r.CallWithConnection(PolicyEvents.SmtpServerMailFrom, a.sender, a.connection)));

    public PolicyVerdict SmtpServerRcptTo(string recipient, IConnectionMeta connection) =>
        Verdict(PolicyEvents.SmtpServerRcptTo, "RCPT TO", Run(PolicyEvents.SmtpServerRcptTo, (recipient, connection),
            static (r, a) => r.CallWithConnection(PolicyEvents.SmtpServerRcptTo, a.recipient, a.connection)));

    public PolicyVerdict SmtpServerMessageReceived(IPolicyMessage message) =>
        Verdict(PolicyEvents.SmtpServerMessageReceived, ".", Run(PolicyEvents.SmtpServerMessageReceived, message,
            static (r, m) => r.CallWithMessage(PolicyEvents.SmtpServerMessageReceived, m)));

    public PolicyVerdict HttpMessageGenerated(IPolicyMessage message) =>
        Verdict(PolicyEvents.HttpMessageGenerated, null, Run(PolicyEvents.HttpMessageGenerated, message,
            static (r, m) => r.CallWithMessage(PolicyEvents.HttpMessageGenerated, m)));

    public T? GetQueueConfig<T>(QueueConfigQuery query, IOptionsChecker<T> checker) where T : class =>
        Options(PolicyEvents.GetQueueConfig, [query.Domain, query.Tenant, query.Campaign, query.RoutingDomain], checker.Check);

    public T? GetEgressPathConfig<T>(EgressPathQuery query, IOptionsChecker<T> checker) where T : class =>
        Options(PolicyEvents.GetEgressPathConfig, [query.Domain, query.Source, query.Site], checker.Check);

    public EgressPool? GetEgressPool(string name) =>
        Options(PolicyEvents.GetEgressPool, [name], o => EgressPool.Parse(o, name));

    public EgressSource? GetEgressSource(string name) =>
        Options(PolicyEvents.GetEgressSource, [name], o => EgressSource.Parse(o, name));

    /// <summary>
    /// Calls a table-returning event and returns the table as JSON without checking it; for
    /// tools (<c>policy check</c>) that print what a handler returned. Null when not handled or nil.
    /// </summary>
    public JsonObject? CallForTable(string eventName, params string?[] args) =>
        Options(eventName, args, static o => o);

    private T? Options<T>(string eventName, string?[] args, Func<JsonObject, T> check) where T : class =>
        Returned(eventName, args, whenNil: null, (result, fail) =>
        {
            if (result is not JsonObject options)
            {
                throw fail($"the handler must return a table of options, got {OptionReader.Describe(result)}");
            }
            try
            {
                return check(options);
            }
            catch (Exception ex) when (ex is not PolicyException)
            {
                throw fail($"returned options are invalid: {ex.Message}");
            }
        });

    public bool ShouldEnqueueLogRecord(JsonObject record, string hookName)
    {
        var epoch = Volatile.Read(ref _current);
        if (!epoch.Events.Contains(PolicyEvents.ShouldEnqueueLogRecord))
        {
            return true;
        }
        var runner = epoch.Borrow();
        try
        {
            var outcome = runner.CallWithRecord(PolicyEvents.ShouldEnqueueLogRecord, record, hookName);
            if (outcome.Error is { } error)
            {
                throw new PolicyException(error);
            }
            if (outcome.Result is null)
            {
                return true;
            }
            if (outcome.Result is JsonValue value && value.TryGetValue<bool>(out var keep))
            {
                return keep;
            }
            var (file, line) = runner.HandlerLocation(PolicyEvents.ShouldEnqueueLogRecord);
            throw new PolicyException(new PolicyError(PolicyEvents.ShouldEnqueueLogRecord, file, line,
                $"the handler must return true or false, got {OptionReader.Describe(outcome.Result)}"));
        }
        finally
        {
            epoch.Return(runner);
        }
    }

    public bool? HttpServerValidateAuthBasic(string user, string password) =>
        Validation(PolicyEvents.HttpServerValidateAuthBasic, [user, password]);

    public bool? HttpServerValidateAuthBearer(string token) =>
        Validation(PolicyEvents.HttpServerValidateAuthBearer, [token]);

    /// <summary>A credential check: true or false from the handler (nil counts as false), null when no handler is registered.</summary>
    private bool? Validation(string eventName, string?[] args) =>
        Returned<bool?>(eventName, args, whenNil: false, (result, fail) =>
            result is JsonValue value && value.TryGetValue<bool>(out var valid)
                ? valid
                : throw fail($"the handler must return true or false, got {OptionReader.Describe(result)}"));

    /// <summary>
    /// Calls a value-returning event: null when no handler is registered; <paramref name="whenNil"/>
    /// when it returns nothing or nil; else <paramref name="read"/> of its value, which may throw
    /// the <see cref="PolicyException"/> its second argument makes (naming the handler's file and line).
    /// </summary>
    private T? Returned<T>(string eventName, string?[] args, T? whenNil, Func<JsonNode, Func<string, PolicyException>, T?> read)
    {
        var epoch = Volatile.Read(ref _current);
        if (!epoch.Events.Contains(eventName))
        {
            return default;
        }
        var runner = epoch.Borrow();
        try
        {
            var outcome = runner.Call(eventName, args, readResult: true);
            if (outcome.Error is { } error)
            {
                throw new PolicyException(error);
            }
            if (outcome.Result is null)
            {
                return whenNil;
            }
            return read(outcome.Result, message =>
            {
                var (file, line) = runner.HandlerLocation(eventName);
                return new PolicyException(new PolicyError(eventName, file, line, message));
            });
        }
        finally
        {
            epoch.Return(runner);
        }
    }

    private CallOutcome Run<TArg>(string eventName, TArg arg, Func<LuaRunner, TArg, CallOutcome> call)
    {
        var epoch = Volatile.Read(ref _current);
        if (!epoch.Events.Contains(eventName))
        {
            return CallOutcome.NotHandled;
        }
        var runner = epoch.Borrow();
        try
        {
            return call(runner, arg);
        }
        finally
        {
            epoch.Return(runner);
        }
    }

    private static PolicyVerdict Verdict(string eventName, string? command, CallOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            throw new PolicyException(error);
        }
        return outcome.Rejection is { } reject
            ? PolicyVerdict.FromReject(reject.Code, reject.Text, command)
            : PolicyVerdict.Accepted;
    }
}
