using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta --version</c>: the version and the git commit the executable was built from (the
/// <c>Commit</c> assembly metadata written by the build from <c>git rev-parse HEAD</c>; "unknown" when
/// it was built without git).
/// </summary>
internal static class VersionInfo
{
    private static readonly Assembly Assembly = typeof(VersionInfo).Assembly;

    public static string Version { get; } = (Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? Assembly.GetName().Version?.ToString() ?? "0.0.0").Split('+')[0];

    public static string Commit { get; } = Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "Commit")?.Value is { Length: > 0 } commit ? commit : "unknown";

    public static string Line => $"akka-mta {Version} (commit {Commit})";

    /// <summary>Makes the root command's <c>--version</c> print <see cref="Line"/>.</summary>
    public static RootCommand WithVersionAndCommit(this RootCommand root)
    {
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new PrintVersion();
        }
        return root;
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Line);
            return 0;
        }
    }
}
