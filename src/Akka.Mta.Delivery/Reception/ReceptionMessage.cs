using System.Text;
using System.Text.Json.Nodes;
using Akka.Mta.Core;
using Akka.Mta.Policy;

namespace Akka.Mta.Delivery.Reception;

/// <summary>
/// One recipient's copy of a received or generated message while the policy looks at it: the
/// policy reads headers and metadata, sets metadata and appends headers; <see cref="ToInbound"/>
/// gives the message delivery stores.
/// </summary>
public sealed class ReceptionMessage : IPolicyMessage
{
    private ReadOnlyMemory<byte> _body;
    private readonly Dictionary<string, JsonNode?> _meta = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _appended = [];
    private readonly List<string> _signatures = [];
    private HeaderBlock? _headers;

    public ReceptionMessage(SpoolId id, string sender, string recipient, ReadOnlyMemory<byte> body)
    {
        Id = id.ToString();
        Sender = sender;
        Recipient = recipient;
        _body = body;
    }

    public string Id { get; }
    public string Sender { get; }
    public string Recipient { get; }
    public IReadOnlyDictionary<string, JsonNode?> Meta => _meta;

    private HeaderBlock Headers => _headers ??= HeaderBlock.Parse(_body.Span);

    public bool TryGetMeta(string key, out JsonNode? value) => _meta.TryGetValue(key, out value);

    public void SetMeta(string key, JsonNode? value) => _meta[key] = value;

    public string? GetFirstHeaderValue(string name)
    {
        if (_signatures.Count > 0 && string.Equals(name, Akka.Mta.Dkim.DkimSigner.FieldName, StringComparison.OrdinalIgnoreCase))
        {
            var field = _signatures[^1];
            return field[(field.IndexOf(':') + 1)..].Replace("\r\n", string.Empty).Trim();
        }
        if (Headers.First(name) is { } value)
        {
            return value;
        }
        foreach (var (key, appended) in _appended)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return appended;
            }
        }
        return null;
    }

    public void AppendHeader(string name, string value)
    {
        if (name.Length == 0 || name.AsSpan().ContainsAny(":\r\n ") || value.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException($"header \"{name}\" cannot be appended: names have no colon, space or line break; values no line break");
        }
        _appended.Add(new(name, value));
    }

    /// <summary>
    /// Signs the message as it stands. Headers appended so far become part of the content first (so
    /// the signature covers them); the signature field goes in front and the bytes stay as they are.
    /// </summary>
    public void DkimSign(Akka.Mta.Dkim.DkimSigner signer, DateTimeOffset now)
    {
        if (_appended.Count > 0)
        {
            _body = BodyWithAppendedHeaders();
            _appended.Clear();
            _headers = null;
        }
        _signatures.Add(signer.Sign(_body.Span, now));
    }

    /// <summary>
    /// The message as delivery stores it: DKIM signatures in front (the latest first), appended
    /// headers at the end of the header section.
    /// </summary>
    public InboundMessage ToInbound(string receptionProtocol, string? peerAddress) =>
        new(Sender, Recipient, WithSignatures(BodyWithAppendedHeaders()), _meta, receptionProtocol, peerAddress, SpoolId.Parse(Id));

    private ReadOnlyMemory<byte> WithSignatures(ReadOnlyMemory<byte> content)
    {
        if (_signatures.Count == 0)
        {
            return content;
        }
        var fields = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Reverse(_signatures)));
        var result = new byte[fields.Length + content.Length];
        fields.CopyTo(result, 0);
        content.Span.CopyTo(result.AsSpan(fields.Length));
        return result;
    }

    private ReadOnlyMemory<byte> BodyWithAppendedHeaders()
    {
        if (_appended.Count == 0)
        {
            return _body;
        }
        var insert = new StringBuilder();
        foreach (var (name, value) in _appended)
        {
            insert.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        var extra = Encoding.UTF8.GetBytes(insert.ToString());
        var at = Headers.End;
        var result = new byte[_body.Length + extra.Length];
        _body.Span[..at].CopyTo(result);
        extra.CopyTo(result.AsSpan(at));
        _body.Span[at..].CopyTo(result.AsSpan(at + extra.Length));
        return result;
    }
}
