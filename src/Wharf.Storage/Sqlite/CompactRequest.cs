namespace Wharf.Storage.Sqlite;

/// <summary>One compaction step; it shares a batch with ordinary writes so that compaction never stalls them for long.</summary>
internal sealed class CompactRequest(long revision, CancellationToken cancellationToken) : WriteRequest(cancellationToken)
{
    private readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _deletedRows;
    private StorageException? _refusal;

    /// <summary>Completes with the number of rows deleted.</summary>
    public Task<int> Task => _completion.Task;

    public override LogRow? AppendedRow => null;

    public override void Apply(WriteSession session)
    {
        _refusal = null;
        try
        {
            _deletedRows = session.Compact(revision);
        }
        catch (StorageException refusal)
        {
            _refusal = refusal;
        }
    }

    public override void Complete()
    {
        if (_refusal is not null)
        {
            _completion.TrySetException(_refusal);
        }
        else
        {
            _completion.TrySetResult(_deletedRows);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
