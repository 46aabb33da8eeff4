namespace Wharf.Storage;

/// <summary>A read or compaction asked for a revision newer than <see cref="IStorageBackend.CurrentRevision"/>.</summary>
public sealed class FutureRevisionException(long requested, long current)
    : StorageException($"revision {requested} is newer than the current revision {current}")
{
    public long Requested { get; } = requested;
    public long Current { get; } = current;
}
