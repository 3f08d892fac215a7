using Akka.Mta.Core;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>
/// Large message bodies kept out of the database, one file each in <c>&lt;database&gt;-bodies/</c>
/// (named like SQLite's own <c>-wal</c> and <c>-shm</c>, so two databases in one directory never share
/// it). A body written into the database costs the disk twice (WAL, then checkpoint) and its pages
/// must be freed again on delete; a file is written once and unlinked.
/// <para>
/// Durability: a batch's files are written and fsynced, and the directory fsynced once, before the
/// transaction whose rows name them commits; so a committed row always has its whole file. A file
/// whose row never committed (a crash between the two, a duplicate id, a rolled-back batch) or whose
/// row was deleted before the unlink was an orphan: start-up removes them.
/// </para>
/// </summary>
internal sealed class SqliteBodyFiles(string directory, string location)
{
    /// <summary>Files fsynced at once: enough for the file system to put them in one journal commit.</summary>
    private const int ParallelSyncs = 16;

    public string Directory { get; } = directory;

    public static string DirectoryFor(string databasePath) => databasePath + "-bodies";

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>A name no other write uses: the id, and a random suffix so a duplicate id cannot overwrite the stored body.</summary>
    public static string NewName(SpoolId id) => $"{id}.{Random.Shared.NextInt64():x16}";

    /// <summary>Writes each body to its new file and fsyncs it, in parallel, then fsyncs the directory once.</summary>
    public void WriteDurably(IReadOnlyList<(string Name, ReadOnlyMemory<byte> Body)> files)
    {
        if (files.Count == 0)
        {
            return;
        }
        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelSyncs }, i =>
            {
                using var handle = File.OpenHandle(PathOf(files[i].Name), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                RandomAccess.Write(handle, files[i].Body.Span, 0);
                RandomAccess.FlushToDisk(handle);
            });
            PosixFiles.SyncDirectory(Directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or AggregateException)
        {
            var cause = error is AggregateException many ? many.InnerExceptions[0] : error;
            throw new PersistenceException(location, $"writing {files.Count} body file(s) in {Directory} failed: {cause.Message}", cause);
        }
    }

    public async Task<byte[]> ReadAsync(string name, CancellationToken cancellationToken) =>
        await File.ReadAllBytesAsync(PathOf(name), cancellationToken).ConfigureAwait(false);

    /// <summary>Removes files whose rows are gone. Losing an unlink to a crash leaves an orphan that start-up removes.</summary>
    public void DeleteQuietly(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            try
            {
                File.Delete(PathOf(name));
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// Start-up: deletes every file no row names (orphans) and returns the rows whose file is missing.
    /// Must run before the writer starts, when no batch has files in flight.
    /// </summary>
    public (int Orphans, IReadOnlyList<SpoolBodyMissingException> Missing) Reconcile(IReadOnlyDictionary<string, SpoolId> referenced)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var orphans = new List<string>();
        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
            {
                var name = Path.GetFileName(path);
                if (referenced.ContainsKey(name))
                {
                    present.Add(name);
                }
                else
                {
                    orphans.Add(name);
                }
            }
        }
        DeleteQuietly(orphans);
        var missing = referenced
            .Where(r => !present.Contains(r.Key))
            .OrderBy(r => r.Value)
            .Select(r => new SpoolBodyMissingException(location, r.Value, PathOf(r.Key)))
            .ToList();
        return (orphans.Count, missing);
    }
}
