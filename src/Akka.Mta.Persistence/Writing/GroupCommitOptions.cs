namespace Akka.Mta.Persistence.Writing;

/// <summary>Bounds of one group-commit batch: a batch closes at whichever limit it reaches first.</summary>
public sealed record GroupCommitOptions
{
    public int MaxOperations { get; init; } = 1024;

    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest message body the spool accepts (50 MB messages fit).</summary>
    public long MaxBodyBytes { get; init; } = 64L * 1024 * 1024;
}
