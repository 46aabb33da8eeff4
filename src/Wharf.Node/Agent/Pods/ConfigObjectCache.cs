using System.Collections.Concurrent;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// The ConfigMaps and Secrets that the node's pods refer to, read once for all of them (kubelet's TTL-based object
/// manager) instead of once per pod and sync pass: a reader says how old an answer it accepts, readers of the same
/// object share one read in flight, and a missing object (null) is kept too, but only briefly. A failed read is not
/// kept: the next reader tries again. Answers are decoded (<see cref="ObjectSource.Decode"/>) and never changed.
/// </summary>
internal sealed class ConfigObjectCache(IApiClient client, TimeProvider time)
{
    /// <summary>
    /// A pod's first start reads objects at most this old (kubelet reads them afresh when a pod is added), so a
    /// ConfigMap written just before its pod is seen; pods that start together still share one read.
    /// </summary>
    public static readonly TimeSpan StartMaxAge = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Later reads (the volume refresh of a running pod, a container's restart) accept answers this old: an update
    /// reaches the files within the refresh interval plus this (upstream: sync period plus the cache's TTL).
    /// </summary>
    public static readonly TimeSpan RefreshMaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(Resource Resource, string Namespace, string Name), Entry> _entries = new();
    private long _sweptAt = time.GetTimestamp();

    public int Count => _entries.Count;

    /// <summary>The object's data, null if it does not exist; read from the API unless an answer at most <paramref name="maxAge"/> old is at hand.</summary>
    public Task<IReadOnlyDictionary<string, byte[]>?> GetAsync(Resource resource, string ns, string name, TimeSpan maxAge, CancellationToken ct)
    {
        var key = (resource, ns, name);
        while (true)
        {
            var now = time.GetTimestamp();
            if (_entries.TryGetValue(key, out var entry) && Usable(entry, maxAge, now))
                return entry.Read.WaitAsync(ct);
            // Not tied to this reader's token: other readers may be waiting for the same answer.
            var fresh = new Entry(now, new Lazy<Task<IReadOnlyDictionary<string, byte[]>?>>(() => ReadAsync(resource, ns, name)));
            var won = entry is null ? _entries.TryAdd(key, fresh) : _entries.TryUpdate(key, fresh, entry);
            if (!won)
                continue; // another reader replaced it first: look again
            SweepExpired(now);
            return fresh.Read.WaitAsync(ct);
        }
    }

    /// <summary>
    /// Started at most <paramref name="maxAge"/> ago, and still in flight or answered (not failed). "Does not exist"
    /// is taken for at most <see cref="StartMaxAge"/>: a pod waiting for its ConfigMap or Secret (a container that
    /// cannot start without it) sees it within a second of its creation, as before this cache.
    /// </summary>
    private bool Usable(Entry entry, TimeSpan maxAge, long now)
    {
        var read = entry.Read;
        if (read.IsCompleted && !read.IsCompletedSuccessfully)
            return false;
        if (read.IsCompletedSuccessfully && read.Result is null && maxAge > StartMaxAge)
            maxAge = StartMaxAge;
        return time.GetElapsedTime(entry.StartedAt, now) <= maxAge;
    }

    private async Task<IReadOnlyDictionary<string, byte[]>?> ReadAsync(Resource resource, string ns, string name)
    {
        try
        {
            var obj = await client.GetAsync(resource, ns, name, CancellationToken.None);
            return ObjectSource.Decode(obj, base64Data: resource == Resource.Secrets);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Forgets answers no reader would accept any more (objects no pod refers to now), at most once per <see cref="RefreshMaxAge"/>.</summary>
    private void SweepExpired(long now)
    {
        var last = Interlocked.Read(ref _sweptAt);
        if (time.GetElapsedTime(last, now) < RefreshMaxAge || Interlocked.CompareExchange(ref _sweptAt, now, last) != last)
            return;
        foreach (var (key, entry) in _entries)
        {
            if (entry.Read.IsCompleted && time.GetElapsedTime(entry.StartedAt, now) > RefreshMaxAge)
                _entries.TryRemove(new KeyValuePair<(Resource, string, string), Entry>(key, entry));
        }
    }

    private sealed class Entry(long startedAt, Lazy<Task<IReadOnlyDictionary<string, byte[]>?>> read)
    {
        public long StartedAt { get; } = startedAt;

        /// <summary>Started by the reader whose entry got in, once (a losing candidate's is never started).</summary>
        public Task<IReadOnlyDictionary<string, byte[]>?> Read => read.Value;
    }
}
