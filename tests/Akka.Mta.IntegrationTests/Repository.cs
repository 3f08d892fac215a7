using System.Diagnostics;

namespace Akka.Mta.IntegrationTests;

/// <summary>The repository the tests were built from (found by walking up to Akka.Mta.sln) and fresh clones of it.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string ReadText(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>A new temporary directory the caller deletes.</summary>
    public static string TempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"akka-mta-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// <c>git clone</c> of the repository's committed HEAD into <paramref name="target"/>: what a newcomer
    /// gets, without build output or uncommitted files.
    /// </summary>
    public static async Task CloneAsync(string target)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "clone", "--quiet", Root, target })
        {
            start.ArgumentList.Add(arg);
        }
        using var git = Process.Start(start)!;
        var stderr = git.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await git.WaitForExitAsync(deadline.Token);
        Assert.True(git.ExitCode == 0, $"git clone {Root} {target} failed: {await stderr}");
    }

    public static void DeleteDirectory(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Akka.Mta.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Akka.Mta.sln above {AppContext.BaseDirectory}");
    }
}
