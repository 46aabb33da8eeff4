using System.Runtime.CompilerServices;

namespace Wharf.Storage.Tests.Caching;

/// <summary>
/// Passes everything to a real store, counts the reads that reach it, and can hold up the cache's load and break watches on demand: the
/// running ones fail with an <see cref="IOException"/>, and while <see cref="BlockWatches"/> is set new ones fail at once.
/// </summary>
internal sealed class FlakyBackend(IStorageBackend inner) : IStorageBackend
{
    private CancellationTokenSource _breaker = new();
    private int _gets;
    private int _lists;
    private int _counts;
    private int _watches;

    public volatile bool BlockWatches;

    /// <summary>When set, lists of the whole store (the cache's load) wait for it; lists of a collection do not.</summary>
    public Task? WholeStoreListGate { get; set; }

    public int Gets => Volatile.Read(ref _gets);

    public int Lists => Volatile.Read(ref _lists);

    public int Counts => Volatile.Read(ref _counts);

    public int Watches => Volatile.Read(ref _watches);

    public long CurrentRevision => inner.CurrentRevision;

    public long CompactRevision => inner.CompactRevision;

    /// <summary>Fails every running watch.</summary>
    public void BreakWatches() => Interlocked.Exchange(ref _breaker, new CancellationTokenSource()).Cancel();

    public Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        return inner.GetAsync(key, cancellationToken);
    }

    public async Task<ListResult> ListAsync(string prefix, long revision = 0, string? startAfterKey = null, int limit = 0, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lists);
        if (prefix.Length == 0 && WholeStoreListGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        return await inner.ListAsync(prefix, revision, startAfterKey, limit, cancellationToken);
    }

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _counts);
        return inner.CountAsync(prefix, cancellationToken);
    }

    public Task<StoredObject> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(key, value, cancellationToken);

    public Task<StoredObject> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedRevision, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(key, value, expectedRevision, cancellationToken);

    public Task<StoredObject> DeleteAsync(string key, long expectedRevision, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedRevision, cancellationToken);

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _watches);
        if (BlockWatches)
        {
            throw new IOException("injected: watches are blocked");
        }

        var breaker = Volatile.Read(ref _breaker).Token;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, breaker);
        await using var events = inner.WatchAsync(prefix, afterRevision, linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await events.MoveNextAsync();
            }
            catch (OperationCanceledException) when (breaker.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new IOException("injected: watch broken");
            }

            if (!more)
            {
                yield break;
            }

            yield return events.Current;
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
