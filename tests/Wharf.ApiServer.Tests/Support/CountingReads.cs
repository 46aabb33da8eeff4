using System.Collections.Concurrent;
using Wharf.Storage;

namespace Wharf.ApiServer.Tests.Support;

/// <summary>
/// A store that counts the reads reaching it (all, and per key prefix), and the updates that name the object they
/// replace; it can hold back the watch events it passes on (a watch cache fed by it then lags behind the store).
/// </summary>
internal sealed class CountingReads(IStorageBackend inner) : IStorageBackend
{
    private volatile TaskCompletionSource _watchGate = Open();
    private int _gets;
    private int _updatesNamingTheObject;

    private readonly ConcurrentQueue<string> _keys = new();

    public int Gets => Volatile.Read(ref _gets);

    public int UpdatesNamingTheObject => Volatile.Read(ref _updatesNamingTheObject);

    public int GetsUnder(string prefix) => _keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal));

    public long CurrentRevision => inner.CurrentRevision;

    public long CompactRevision => inner.CompactRevision;

    public Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        _keys.Enqueue(key);
        return inner.GetAsync(key, cancellationToken);
    }

    public Task<ListResult> ListAsync(string prefix, long revision = 0, string? startAfterKey = null, int limit = 0, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, revision, startAfterKey, limit, cancellationToken);

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default) => inner.CountAsync(prefix, cancellationToken);

    public Task<StoredObject> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(key, value, cancellationToken);

    public Task<StoredObject> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedRevision, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(key, value, expectedRevision, cancellationToken);

    public Task<StoredObject> UpdateAsync(string key, ReadOnlyMemory<byte> value, StoredObject expected, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _updatesNamingTheObject);
        return inner.UpdateAsync(key, value, expected, cancellationToken);
    }

    public Task<StoredObject> DeleteAsync(string key, long expectedRevision, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedRevision, cancellationToken);

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    /// <summary>From now on each watch event waits until <see cref="ReleaseWatchEvents"/>.</summary>
    public void HoldWatchEvents() => _watchGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseWatchEvents() => _watchGate.TrySetResult();

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var change in inner.WatchAsync(prefix, afterRevision, cancellationToken))
        {
            await _watchGate.Task.WaitAsync(cancellationToken);
            yield return change;
        }
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
