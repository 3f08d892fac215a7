using System.Diagnostics;

namespace Akka.Mta.Testing.Postgres;

/// <summary>Runs a command to completion with a deadline, its output sent to a file so that daemons it starts cannot hold our pipes open.</summary>
internal static class ProcessRunner
{
    public static async Task<string> RunAsync(string outputFile, TimeSpan deadline, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >\"$AKKAMTA_RUN_OUTPUT\" 2>&1 </dev/null");
        start.ArgumentList.Add(file);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["AKKAMTA_RUN_OUTPUT"] = outputFile;
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(file, arguments)} did not finish within {deadline}: {Tail(outputFile)}");
        }
        var output = Tail(outputFile);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Describe(file, arguments)} exited with {process.ExitCode}: {output}");
        }
        return output;
    }

    public static string Tail(string file, int maxChars = 4000)
    {
        if (!File.Exists(file))
        {
            return "(no output)";
        }
        var text = File.ReadAllText(file);
        return text.Length <= maxChars ? text : "..." + text[^maxChars..];
    }

    private static string Describe(string file, string[] arguments) => $"{file} {string.Join(' ', arguments)}";
}
