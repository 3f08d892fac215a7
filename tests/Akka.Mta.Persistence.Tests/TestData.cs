using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;

namespace Akka.Mta.Persistence.Tests;

internal static class TestData
{
    private static readonly DateTimeOffset BaseTime = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A due time kept to the millisecond, as the stores keep it.</summary>
    public static DateTimeOffset Due(int secondsFromBase) => BaseTime.AddSeconds(secondsFromBase).AddMilliseconds(123);

    public static SpoolMessage Message(string queue = "campaign:tenant@example.com", int bodyBytes = 1024, int seed = 0)
    {
        var body = new byte[bodyBytes];
        new Random(seed).NextBytes(body);
        return new SpoolMessage(
            SpoolId.New(TimeProvider.System),
            new SpoolEnvelope("sender@example.org", ["rcpt1@example.com", "rcpt2@example.com"]),
            new SpoolSchedule(queue, Due(seed), 0),
            """{"tenant":"tenant","campaign":"campaign","headers":{"Subject":"héllo"}}""",
            body);
    }

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
