namespace Wharf.Storage;

/// <summary>
/// A revisioned key/value store in the shape of etcd v3 (and kine): one revision counter for the
/// whole store; every create, update and delete takes the next revision. The API server keeps
/// JSON documents under keys such as <c>/registry/pods/default/web-1</c>; an object's
/// <c>metadata.resourceVersion</c> is the <see cref="StoredObject.ModRevision"/> it was read at.
/// Implementations: SQLite (embedded, default) and later etcd v3.
/// </summary>
public interface IStorageBackend : IAsyncDisposable
{
    /// <summary>The newest revision written (0 for an empty store).</summary>
    long CurrentRevision { get; }

    /// <summary>Revisions at or below this one have been compacted away: reads and watches from them fail with <see cref="RevisionCompactedException"/>.</summary>
    long CompactRevision { get; }

    /// <summary>The live value of <paramref name="key"/>, or null when it does not exist.</summary>
    Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keys starting with <paramref name="prefix"/> as they were at <paramref name="revision"/>
    /// (0 = the current revision), in key order, after <paramref name="startAfterKey"/> when given,
    /// at most <paramref name="limit"/> items (0 = no limit). The result says the revision it was read at
    /// and whether more items follow. Throws <see cref="RevisionCompactedException"/> for a compacted revision.
    /// </summary>
    Task<ListResult> ListAsync(string prefix, long revision = 0, string? startAfterKey = null, int limit = 0, CancellationToken cancellationToken = default);

    /// <summary>Number of live keys under <paramref name="prefix"/>.</summary>
    Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates <paramref name="key"/>; throws <see cref="KeyExistsException"/> if it is live. Durable when the task
    /// completes. The store may keep the memory behind <paramref name="value"/> as the stored value (and hand it to
    /// readers and watchers): a caller must not change it afterwards. The same holds for <see cref="UpdateAsync"/>.
    /// </summary>
    Task<StoredObject> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the value of a live key whose current ModRevision is <paramref name="expectedRevision"/>
    /// (0 = unconditional). Throws <see cref="KeyNotFoundInStoreException"/> or <see cref="RevisionConflictException"/>.
    /// </summary>
    Task<StoredObject> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="UpdateAsync(string, ReadOnlyMemory{byte}, long, CancellationToken)"/> with
    /// <paramref name="expected"/>, the key's object as the caller read it from this store, as the expected
    /// revision: the write goes ahead only while the key is still at <c>expected.ModRevision</c>. A store may then
    /// take the replaced value (a watch event's previous object) from <paramref name="expected"/> instead of
    /// reading it again, since a revision names one value for good.
    /// </summary>
    Task<StoredObject> UpdateAsync(string key, ReadOnlyMemory<byte> value, StoredObject expected, CancellationToken cancellationToken = default) =>
        UpdateAsync(key, value, expected.ModRevision, cancellationToken);

    /// <summary>
    /// Deletes a live key (writing a tombstone at a new revision), checked against <paramref name="expectedRevision"/>
    /// as for update. Returns the deleted object with the value it had and the ModRevision of the delete.
    /// </summary>
    Task<StoredObject> DeleteAsync(string key, long expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every change to keys under <paramref name="prefix"/> with a revision strictly greater than
    /// <paramref name="afterRevision"/>, replayed from the log and then live, in revision order, until cancelled.
    /// Throws <see cref="RevisionCompactedException"/> (synchronously on first MoveNext) when
    /// <paramref name="afterRevision"/> is below <see cref="CompactRevision"/>. A consumer that falls
    /// far behind is ended with <see cref="WatchOverflowException"/> so that it re-lists.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default);

    /// <summary>Drops history older than <paramref name="revision"/> (live values are kept).</summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken = default);
}

/// <summary>A key's value at a revision. For deletes <see cref="Value"/> is the last value before deletion.</summary>
public sealed record StoredObject(string Key, ReadOnlyMemory<byte> Value, long ModRevision, long CreateRevision);

public sealed record ListResult(IReadOnlyList<StoredObject> Items, long Revision, bool HasMore);

public enum WatchEventType { Created, Updated, Deleted }

/// <summary>
/// One change. <see cref="Object"/> carries the new value (for deletes: the last value, with the delete's revision);
/// <see cref="Previous"/> the value before the change when known (null for creates).
/// </summary>
public sealed record WatchEvent(WatchEventType Type, StoredObject Object, StoredObject? Previous);

public class StorageException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class KeyExistsException(string key) : StorageException($"key {key} already exists")
{
    public string Key { get; } = key;
}

public sealed class KeyNotFoundInStoreException(string key) : StorageException($"key {key} not found")
{
    public string Key { get; } = key;
}

public sealed class RevisionConflictException(string key, long expected, long actual)
    : StorageException($"key {key}: expected revision {expected}, found {actual}")
{
    public string Key { get; } = key;
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}

public sealed class RevisionCompactedException(long requested, long compacted)
    : StorageException($"revision {requested} has been compacted (compact revision {compacted})")
{
    public long Requested { get; } = requested;
    public long Compacted { get; } = compacted;
}

public sealed class WatchOverflowException(string message) : StorageException(message);
