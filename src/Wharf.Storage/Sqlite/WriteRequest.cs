namespace Wharf.Storage.Sqlite;

/// <summary>
/// A unit of work queued to the <see cref="LogWriter"/>. <see cref="Apply"/> runs inside the batch
/// transaction and records its own outcome: a refusal (conflict, exists, not found) is a result for this
/// request only; any other exception aborts the batch so the writer can retry requests one by one.
/// The caller learns the outcome only after the transaction committed.
/// </summary>
internal abstract class WriteRequest(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The change to publish to watchers after commit, if the request appended a row.</summary>
    public abstract LogRow? AppendedRow { get; }

    public abstract void Apply(WriteSession session);

    public abstract void Complete();

    public abstract void Fail(Exception exception);

    public abstract void Cancel();
}
