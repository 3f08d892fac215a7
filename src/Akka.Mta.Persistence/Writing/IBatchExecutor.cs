namespace Akka.Mta.Persistence.Writing;

/// <summary>The provider side of group commit: writes a batch in one transaction and commits it once.</summary>
internal interface IBatchExecutor : IAsyncDisposable
{
    /// <summary>What error messages name: the file, or the server and database.</summary>
    string Location { get; }

    /// <summary>
    /// Writes every op in order inside one transaction, sets each op's Result or Rejection, and returns
    /// once the commit is durable. Throws, with nothing committed, when the batch cannot be written.
    /// </summary>
    Task ExecuteAsync(IReadOnlyList<WriteOp> batch);

    /// <summary>
    /// Whether a failed batch should be retried one op per transaction, so that one op's error
    /// (say, a unique key another node won the race for) fails only that op.
    /// </summary>
    bool ShouldRetryIndividually(Exception error);
}
