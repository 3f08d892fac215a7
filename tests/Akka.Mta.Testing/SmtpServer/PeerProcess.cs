using System.Diagnostics;
using Xunit;

namespace Akka.Mta.Testing.SmtpServer;

/// <summary>Runs a real peer program (swaks, python3, smtp-source) to completion with a deadline.</summary>
public static class PeerProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> arguments, string? input = null, TimeSpan? deadline = null)
    {
        Assert.True(File.Exists(file), $"{file} is not installed (./test.sh installs the Debian packages the tests use)");
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(file)} did not finish within its deadline; output so far: {(output.IsCompleted ? output.Result : "")}");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
