namespace Akka.Mta.Persistence.Schema;

internal static class SchemaVersions
{
    /// <summary>A database whose schema is newer than this build's migrations is refused, never downgraded.</summary>
    public static void CheckKnown(string location, int current, int latestKnown)
    {
        if (current > latestKnown)
        {
            throw new SchemaVersionException(location,
                $"schema version {current} is newer than this build knows (up to {latestKnown}); upgrade Akka.Mta or point it at another database");
        }
        if (current < 0)
        {
            throw new SchemaVersionException(location, $"schema version {current} is not valid");
        }
    }
}
