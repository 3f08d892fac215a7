using System.Text.RegularExpressions;

namespace Akka.Mta.Shaping;

/// <summary>How shaping files are read.</summary>
public sealed record ShapingParseOptions
{
    public static readonly ShapingParseOptions Default = new();

    /// <summary>The longest one automation regex may take on one response before it counts as not matching.</summary>
    public TimeSpan RegexMatchTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Options for every automation regex. <see cref="RegexOptions.Compiled"/> makes matching faster
    /// for a long-running node at the cost of load time; tools that load once leave it off.
    /// </summary>
    public RegexOptions RegexOptions { get; init; } = RegexOptions.CultureInvariant;
}
