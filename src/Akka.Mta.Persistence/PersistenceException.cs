namespace Akka.Mta.Persistence;

/// <summary>
/// The store could not do what was asked. <see cref="Location"/> names the SQLite file or the
/// PostgreSQL server and database, and the message starts with it.
/// </summary>
public class PersistenceException : Exception
{
    public PersistenceException(string location, string message, Exception? inner = null)
        : base($"{location}: {message}", inner)
    {
        Location = location;
    }

    public string Location { get; }
}

/// <summary>The database's schema version is one this build does not know (newer, or not ours).</summary>
public sealed class SchemaVersionException(string location, string message)
    : PersistenceException(location, message);

/// <summary>A message with the same id is already spooled; the stored message was left unchanged.</summary>
public sealed class SpoolIdConflictException(string location, Akka.Mta.Core.SpoolId id)
    : PersistenceException(location, $"message {id} is already spooled")
{
    public Akka.Mta.Core.SpoolId Id { get; } = id;
}

/// <summary>
/// A spooled message's row names a body file that is not there (deleted or lost by hand, or a restore
/// that left the files behind): the message cannot be delivered until the file is put back.
/// </summary>
public sealed class SpoolBodyMissingException(string location, Akka.Mta.Core.SpoolId id, string path)
    : PersistenceException(location, $"message {id} is spooled but its body file {path} is missing")
{
    public Akka.Mta.Core.SpoolId Id { get; } = id;

    public string Path { get; } = path;
}
