using System.Text;
using System.Text.Json.Nodes;
using Akka.Mta.Core;
using Akka.Mta.Policy;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Reception;

/// <summary>An inject request whose message (or body) is larger than the node takes.</summary>
public sealed class InjectTooLargeException(string message) : Exception(message);

/// <summary>The reply of <c>POST /api/inject/v1</c> (KumoMTA's shape).</summary>
public sealed record InjectResult(int SuccessCount, int FailCount, IReadOnlyList<string> FailedRecipients, IReadOnlyList<string> Errors);

/// <summary>
/// Generates one message per recipient of an inject request (templates, builder, the policy's
/// <c>http_message_generated</c>), and returns once every accepted message is durable. A recipient
/// the policy rejects is counted as failed with the reason; a request that cannot be understood
/// throws <see cref="InjectRequestException"/> before anything is stored.
/// </summary>
public sealed partial class HttpInjector(
    IMessageSubmitter submitter,
    IPolicyHost? policy,
    TimeProvider time,
    string hostName,
    ILogger<HttpInjector> logger)
{
    public const string ReceptionProtocol = "HTTP";

    /// <summary>
    /// Largest generated message in octets (the node sets the SMTP listener's limit); a larger one
    /// fails the whole request with <see cref="InjectTooLargeException"/> before anything is stored.
    /// </summary>
    public long MaxMessageSize { get; init; } = long.MaxValue;

    public async Task<InjectResult> InjectAsync(InjectRequest request, string? peerAddress, CancellationToken cancellationToken)
    {
        var templates = Templates.Parse(request);
        var accepted = new List<InboundMessage>(request.Recipients.Count);
        var failed = new List<string>();
        var errors = new List<string>();
        foreach (var recipient in request.Recipients)
        {
            var id = SpoolId.New(time);
            var variables = Variables(request, recipient);
            var body = templates.Render(request, recipient, variables, id, hostName, time.GetUtcNow());
            if (body.Length > MaxMessageSize)
            {
                throw new InjectTooLargeException($"the message for {recipient.Email} is {body.Length} octets, more than the limit of {MaxMessageSize}");
            }
            var message = new ReceptionMessage(id, request.EnvelopeSender, recipient.Email, body);
            foreach (var (key, value) in recipient.Metadata)
            {
                message.SetMeta(key, value?.DeepClone());
            }
            if (policy is not null)
            {
                PolicyVerdict verdict;
                try
                {
                    verdict = policy.HttpMessageGenerated(message);
                }
                catch (PolicyException e)
                {
                    LogPolicyFailed(recipient.Email, e.Error.ToString());
                    failed.Add(recipient.Email);
                    errors.Add($"{recipient.Email}: policy error in http_message_generated");
                    continue;
                }
                if (verdict.Rejection is { } rejection)
                {
                    failed.Add(recipient.Email);
                    errors.Add($"{recipient.Email}: {rejection.ToSingleLine()}");
                    continue;
                }
            }
            accepted.Add(message.ToInbound(ReceptionProtocol, peerAddress));
        }
        if (accepted.Count > 0)
        {
            await submitter.SubmitAsync(accepted, cancellationToken);
        }
        return new InjectResult(accepted.Count, failed.Count, failed, errors);
    }

    private static Dictionary<string, JsonNode?> Variables(InjectRequest request, InjectRecipient recipient)
    {
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Substitutions)
        {
            variables[key] = value;
        }
        foreach (var (key, value) in recipient.Substitutions)
        {
            variables[key] = value;
        }
        variables["email"] = JsonValue.Create(recipient.Email);
        variables["name"] = JsonValue.Create(recipient.Name);
        return variables;
    }

    /// <summary>Every template of the request, parsed once before any recipient is generated.</summary>
    private sealed class Templates
    {
        private Template? _raw, _subject, _text, _html, _amp;
        private List<(string Name, Template Value)> _headers = [];

        public static Templates Parse(InjectRequest request)
        {
            var t = new Templates();
            try
            {
                switch (request.Content)
                {
                    case RawContent raw:
                        t._raw = Template.Parse(raw.Message, request.Dialect);
                        break;
                    case BuilderContent b:
                        t._subject = Of(b.Subject, request.Dialect);
                        t._text = Of(b.TextBody, request.Dialect);
                        t._html = Of(b.HtmlBody, request.Dialect);
                        t._amp = Of(b.AmpHtmlBody, request.Dialect);
                        t._headers = b.Headers.Select(h => (h.Key, Template.Parse(h.Value, request.Dialect))).ToList();
                        break;
                }
            }
            catch (TemplateException e)
            {
                throw new InjectRequestException("content", e.Message);
            }
            return t;
        }

        public ReadOnlyMemory<byte> Render(InjectRequest request, InjectRecipient recipient, IReadOnlyDictionary<string, JsonNode?> variables, SpoolId id, string hostName, DateTimeOffset now)
        {
            if (_raw is not null)
            {
                var text = _raw.Render(variables).Replace("\r\n", "\n").Replace("\n", "\r\n");
                return Encoding.UTF8.GetBytes(text.EndsWith("\r\n", StringComparison.Ordinal) ? text : text + "\r\n");
            }
            var builder = (BuilderContent)request.Content;
            var rendered = builder with
            {
                Subject = _subject?.Render(variables),
                TextBody = _text?.Render(variables),
                HtmlBody = _html?.Render(variables),
                AmpHtmlBody = _amp?.Render(variables),
                Headers = _headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value.Render(variables).Replace("\r", "").Replace("\n", " "))).ToList(),
            };
            return MessageBuilder.Build(rendered, request.EnvelopeSender, new NamedAddress(recipient.Email, recipient.Name), $"{id}@{hostName}", now);
        }

        private static Template? Of(string? text, TemplateDialect dialect) => text is null ? null : Template.Parse(text, dialect);
    }

    [LoggerMessage(EventId = 9121, Level = LogLevel.Error, Message = "inject for {Recipient}: policy http_message_generated failed: {Error}")]
    private partial void LogPolicyFailed(string recipient, string error);
}
