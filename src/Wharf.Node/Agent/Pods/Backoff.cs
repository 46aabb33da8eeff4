namespace Wharf.Node.Agent.Pods;

/// <summary>
/// Per-key exponential backoff as kubelet's (client-go flowcontrol.Backoff): the first failure starts at the initial
/// delay, each further one doubles it up to the cap, and an entry untouched for twice the cap (10 min with the
/// defaults) starts over. Thread-safe.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max, TimeProvider time)
{
    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset LastUpdate)> _entries = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>True while <paramref name="eventTime"/> (for a container: when it finished) is within the current delay.</summary>
    public bool IsInBackOffSince(string key, DateTimeOffset eventTime)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || HasExpired(eventTime, entry.LastUpdate))
                return false;
            return time.GetUtcNow() - eventTime < entry.Delay;
        }
    }

    /// <summary>True while the last failure is less than the current delay ago (image pulls).</summary>
    public bool IsInBackOffSinceUpdate(string key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || HasExpired(time.GetUtcNow(), entry.LastUpdate))
                return false;
            return time.GetUtcNow() - entry.LastUpdate < entry.Delay;
        }
    }

    /// <summary>Records a failure at <paramref name="eventTime"/>: first delay, or the doubled one.</summary>
    public void Next(string key, DateTimeOffset eventTime)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || HasExpired(eventTime, entry.LastUpdate))
                _entries[key] = (initial, eventTime);
            else
                _entries[key] = (TimeSpan.FromTicks(Math.Min(entry.Delay.Ticks * 2, max.Ticks)), eventTime);
        }
    }

    /// <summary>The delay that applies to the key now (zero when none).</summary>
    public TimeSpan Get(string key)
    {
        lock (_lock)
            return _entries.TryGetValue(key, out var entry) ? entry.Delay : TimeSpan.Zero;
    }

    public void Forget(string keyPrefix)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Keys.Where(k => k.StartsWith(keyPrefix, StringComparison.Ordinal)).ToList())
                _entries.Remove(key);
        }
    }

    private bool HasExpired(DateTimeOffset eventTime, DateTimeOffset lastUpdate) => eventTime - lastUpdate > max * 2;
}
