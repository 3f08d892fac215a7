using System.Text.Json.Nodes;

namespace Akka.Mta.Policy.Options;

/// <summary>
/// Turns the table a hook returned (as JSON) into a checked options type, or throws with what is
/// wrong (unknown key, wrong type, bad duration). The shaping library provides checkers for
/// EgressPathConfig and QueueConfig; the host adds the event name, file and line to the error.
/// Implementations are called concurrently and must be thread-safe.
/// </summary>
public interface IOptionsChecker<out T>
{
    T Check(JsonObject options);
}

/// <summary>Builds a checker from a function.</summary>
public static class OptionsChecker
{
    public static IOptionsChecker<T> From<T>(Func<JsonObject, T> check) => new FuncChecker<T>(check);

    private sealed class FuncChecker<T>(Func<JsonObject, T> check) : IOptionsChecker<T>
    {
        public T Check(JsonObject options) => check(options);
    }
}

/// <summary>What is wrong with options a hook returned: each problem names the key path.</summary>
public sealed class OptionsException(IReadOnlyList<string> problems)
    : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
