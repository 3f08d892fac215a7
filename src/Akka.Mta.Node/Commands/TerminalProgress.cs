using Spectre.Console;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// A progress bar on stderr for long CLI work (<c>tsa replay</c> over large logs, <c>inject --file</c>
/// with many messages), shown only when a person watches: stdout and stderr are both a terminal and
/// the verb was not asked for <c>--json</c>. Piped, redirected or JSON output stays exactly the result.
/// </summary>
internal static class TerminalProgress
{
    public static bool ShouldShow(bool json) => !json && !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/>, which reports units done out of <paramref name="total"/>; a bar only when <paramref name="show"/>.</summary>
    public static async Task<T> RunAsync<T>(bool show, string description, double total, Func<Action<double>, Task<T>> work)
    {
        if (!show)
        {
            return await work(_ => { });
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(total, 1));
                var result = await work(done => task.Increment(done));
                task.Value = task.MaxValue;
                return result;
            });
    }
}
