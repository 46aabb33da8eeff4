namespace Wharf.Controllers.Expectations;

/// <summary>
/// What a controller is waiting to see in its informer after its own writes, per controller key (upstream's
/// UIDTrackingControllerExpectations). A key whose expectations are pending is not synced again, so a stale cache
/// never makes the controller create or delete twice; expectations older than <see cref="Ttl"/> count as met, in
/// case a watch event was lost. Deletions are tracked by pod key so that the pod's update to terminating and its
/// final removal lower the count once.
/// </summary>
public sealed class ControllerExpectations(TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private readonly object _lock = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>True when nothing is pending for the key (or it expired): the controller may act on its cache.</summary>
    public bool Satisfied(string key)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(key, out var p)) return true;
            return (p.Adds <= 0 && p.Deletes.Count == 0) || time.GetUtcNow() - p.Since > Ttl;
        }
    }

    /// <summary>Replaces the key's expectations with <paramref name="count"/> creations.</summary>
    public void ExpectCreations(string key, int count)
    {
        lock (_lock) _pending[key] = new Pending(count, new HashSet<string>(StringComparer.Ordinal), time.GetUtcNow());
    }

    /// <summary>Replaces the key's expectations with the deletion of these dependents (namespace/name keys).</summary>
    public void ExpectDeletions(string key, IEnumerable<string> dependents)
    {
        lock (_lock) _pending[key] = new Pending(0, new HashSet<string>(dependents, StringComparer.Ordinal), time.GetUtcNow());
    }

    /// <summary>A creation was seen in the informer, or will never happen (failed or skipped).</summary>
    public void CreationObserved(string key)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(key, out var p)) p.Adds--;
        }
    }

    /// <summary>The dependent was seen terminating or gone, or its deletion failed; only the first call counts.</summary>
    public void DeletionObserved(string key, string dependent)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(key, out var p)) p.Deletes.Remove(dependent);
        }
    }

    /// <summary>Forgets the key (its controller object is gone).</summary>
    public void Delete(string key)
    {
        lock (_lock) _pending.Remove(key);
    }

    /// <summary>Creations and deletions still awaited, for tests and logs.</summary>
    public (int Adds, int Deletes)? Get(string key)
    {
        lock (_lock) return _pending.TryGetValue(key, out var p) ? (p.Adds, p.Deletes.Count) : null;
    }

    private sealed class Pending(int adds, HashSet<string> deletes, DateTimeOffset since)
    {
        public int Adds { get; set; } = adds;
        public HashSet<string> Deletes { get; } = deletes;
        public DateTimeOffset Since { get; } = since;
    }
}
