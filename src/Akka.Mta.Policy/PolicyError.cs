namespace Akka.Mta.Policy;

/// <summary>
/// A policy failure: the event it happened in (<see cref="PolicyEvents.Load"/> while loading), the
/// policy file and line when known, the message without its position, and the Lua traceback.
/// </summary>
public sealed record PolicyError(string Event, string? File, int Line, string Message, string? Traceback = null)
{
    /// <summary><c>file:line: event: message</c>, the form <c>policy check</c> prints (<c>file: event: message</c> without a line).</summary>
    public override string ToString() => File is null ? $"{Event}: {Message}" : $"{Position(File)}: {Event}: {Message}";

    /// <summary>As <see cref="ToString"/>, with the file shown relative to <paramref name="directory"/> when it lies below it.</summary>
    public string Format(string directory)
    {
        if (File is null)
        {
            return ToString();
        }
        var relative = Path.GetRelativePath(directory, File);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) ? File : relative;
        return $"{Position(shown)}: {Event}: {Message}";
    }

    private string Position(string file) => Line > 0 ? $"{file}:{Line}" : file;
}

/// <summary>Thrown by the policy host when a hook (or loading the policy) fails.</summary>
public sealed class PolicyException(PolicyError error) : Exception(error.ToString())
{
    public PolicyError Error { get; } = error;
}
