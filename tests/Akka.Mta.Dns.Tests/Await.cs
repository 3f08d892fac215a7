namespace Akka.Mta.Dns.Tests;

/// <summary>Bounds a test's wait on the resolver, so a bug fails with what was awaited instead of hanging.</summary>
internal static class Await
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<T> Within<T>(this ValueTask<T> task, string what) => await task.AsTask().Within(what);

    public static async Task<T> Within<T>(this Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"waited {Deadline.TotalSeconds}s for {what}");
        }
    }
}
