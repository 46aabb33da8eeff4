namespace Wharf.Storage.Sqlite;

/// <summary>
/// A create, update or delete of one key, checked against the key's newest row inside the write transaction.
/// An update that names the row it replaces (<c>expected</c>, the caller's read of it) checks only the key's newest
/// revision, which the name index holds on its own; the replaced value, needed for the watch event, is then the
/// expected row's, since a revision names one value for good. Any other write reads the newest row whole.
/// </summary>
internal sealed class KeyWriteRequest(WriteKind kind, string key, byte[] value, long expectedRevision, CancellationToken cancellationToken, LogRow? expected = null)
    : WriteRequest(cancellationToken)
{
    private readonly TaskCompletionSource<StoredObject> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LogRow? _row;
    private StorageException? _refusal;

    public string Key => key;

    public Task<StoredObject> Task => _completion.Task;

    public override LogRow? AppendedRow => _row;

    public override void Apply(WriteSession session)
    {
        _row = null;
        _refusal = null;
        if (expected is not null && session.LatestHead(key) is { Deleted: false } head && head.Revision == expected.Revision)
        {
            _row = session.Append(kind, key, value, expected);
            return;
        }

        if (kind == WriteKind.Create)
        {
            // A create needs only whether the newest row is live and, if a tombstone, its revision: both are in
            // the name index, so the row itself (a tombstone keeps the last value) is never read.
            var newest = session.LatestHead(key);
            if (newest is { Deleted: false })
                _refusal = new KeyExistsException(key);
            else
                _row = session.AppendCreate(key, value, newest?.Revision ?? 0);
            return;
        }

        // No expected row, or the key moved on from it: read the newest row for the refusal (or the write) as always.
        var latest = session.Latest(key);
        var live = latest is { Deleted: false } ? latest : null;
        _refusal = Check(live);
        if (_refusal is null)
        {
            _row = session.Append(kind, key, value, latest);
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
            _completion.TrySetResult(_row!.ToStoredObject());
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);

    private StorageException? Check(LogRow? live)
    {
        if (live is null)
        {
            return new KeyNotFoundInStoreException(key);
        }

        return expectedRevision != 0 && live.Revision != expectedRevision
            ? new RevisionConflictException(key, expectedRevision, live.Revision)
            : null;
    }
}
