using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// How the admin verbs talk to a running node: the <c>--url</c> and <c>--json</c> options, the bearer
/// token from <c>AKKAMTA_TOKEN</c>, and one error line naming the URL when the node cannot be reached
/// or answers with an error (its message included). A verb's action runs inside <see cref="RunAsync"/>,
/// which turns a <see cref="NodeApiException"/> into that line on stderr and exit code 1.
/// </summary>
internal sealed class NodeApiClient : IDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:8000";
    public const string TokenVariable = "AKKAMTA_TOKEN";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private NodeApiClient(string baseUrl)
    {
        BaseUrl = baseUrl.TrimEnd('/');
        if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public string BaseUrl { get; }

    public static Option<string> UrlOption() => new("--url")
    {
        Description = $"the node's HTTP API; a bearer token comes from {TokenVariable}",
        DefaultValueFactory = _ => DefaultUrl,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "print the node's JSON answer as it is" };

    /// <summary>Runs <paramref name="action"/> with a client for <paramref name="url"/>; a node error is one line on stderr and exit 1.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Option<string> url, Func<NodeApiClient, Task<int>> action)
    {
        using var client = new NodeApiClient(parse.GetValue(url)!);
        try
        {
            return await action(client);
        }
        catch (NodeApiException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"{Verb(parse)}: {e.Message}");
            return 1;
        }
    }

    /// <summary>"akka-mta tsa status": the verb as typed, for error lines.</summary>
    private static string Verb(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }
        return string.Join(' ', names.Prepend("akka-mta"));
    }

    public Task<string> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, cancellationToken);

    /// <summary>Sends a request (with <paramref name="body"/> as JSON when given) and returns the answer's body; throws <see cref="NodeApiException"/>.</summary>
    public async Task<string> SendAsync(HttpMethod method, string pathAndQuery, JsonNode? body, CancellationToken cancellationToken)
    {
        var url = BaseUrl + pathAndQuery;
        try
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var message = NodeMessage(text);
                throw new NodeApiException($"{method} {url} answered {(int)response.StatusCode} {response.ReasonPhrase}{(message.Length > 0 ? ": " + message : "")}");
            }
            return text;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            throw new NodeApiException($"cannot reach {BaseUrl}: {OneLine(e.Message)}");
        }
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    /// <summary>The node's error text on one line: a JSON string unquoted, anything else as sent.</summary>
    private static string NodeMessage(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonValue value && value.TryGetValue<string>(out var text))
            {
                return OneLine(text);
            }
        }
        catch (JsonException)
        {
        }
        return OneLine(body);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public void Dispose() => _http.Dispose();
}

/// <summary>A node could not be asked, or answered with an error; the message names the URL.</summary>
internal sealed class NodeApiException(string message) : Exception(message);
