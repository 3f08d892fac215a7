using Akka.Mta.Core;
using Akka.Mta.Persistence;
using Akka.Mta.Persistence.CrashWriter;
using Akka.Mta.Persistence.Postgres;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Persistence.Sqlite;

// Usage: CrashWriter sqlite <file> <writers> [large] | CrashWriter postgres <connection string> <writers> [large]
// ("large": bodies of 32 KB to 160 KB, see CrashBodies, and SQLite keeps those of 32 KB and over in body files).
// Prints "ready", then "stored <id>" after each store returns, "deleting <id>" before a delete is
// asked for and "deleted <id>" after it returns, until it is killed. Every other writer deletes every second message it stored.
if (args.Length is not (3 or 4) || !int.TryParse(args[2], out var writers) || writers < 1 || (args.Length == 4 && args[3] != "large"))
{
    Console.Error.WriteLine("usage: CrashWriter sqlite|postgres <file or connection string> <writers> [large]");
    return 2;
}
var large = args.Length == 4;

IPersistenceStore store = args[0] switch
{
    "sqlite" => await SqlitePersistence.OpenAsync(new SqliteStoreOptions(args[1]) { BodyFileThreshold = large ? CrashBodies.LargeMinLength : long.MaxValue }),
    "postgres" => await PostgresPersistence.OpenAsync(new PostgresStoreOptions(args[1])),
    _ => throw new ArgumentException($"unknown provider {args[0]}"),
};
var output = TextWriter.Synchronized(Console.Out);
output.WriteLine("ready");
output.Flush();

await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    for (var n = 0; ; n++)
    {
        var id = SpoolId.New(TimeProvider.System);
        var message = new SpoolMessage(
            id,
            new SpoolEnvelope("crash@example.org", [$"rcpt{n}@example.com"]),
            new SpoolSchedule(CrashBodies.Queue(id), DateTimeOffset.UnixEpoch.AddMilliseconds(n), 0),
            CrashBodies.Metadata(id),
            CrashBodies.For(id, large));
        await store.Spool.StoreAsync(message);
        output.WriteLine($"stored {id}");
        output.Flush();
        if (w % 2 == 1 && n % 2 == 1)
        {
            output.WriteLine($"deleting {id}");
            output.Flush();
            await store.Spool.DeleteAsync(id);
            output.WriteLine($"deleted {id}");
            output.Flush();
        }
    }
})));
return 0;
