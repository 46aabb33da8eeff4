namespace Wharf.Controllers.DaemonSet;

/// <summary>
/// Spaces out the replacement of failed daemon pods per DaemonSet and node (upstream's <c>flowcontrol.Backoff</c>
/// with 1 s initial and 15 min maximum), so the controller does not fight a kubelet that keeps rejecting the pod:
/// after a replacement the next one waits twice as long; a quiet period of twice the maximum starts over.
/// </summary>
public sealed class FailedPodsBackoff(TimeSpan initial, TimeSpan max)
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromMinutes(15);

    private readonly object _lock = new();
    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset LastUpdate)> _entries = new(StringComparer.Ordinal);

    public static string Key(string dsKey, string nodeName) => $"{dsKey}/{nodeName}";

    /// <summary>The remaining wait when the last replacement was less than its delay ago; null when one may go ahead.</summary>
    public TimeSpan? Remaining(string key, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var e)) return null;
            var left = e.LastUpdate + e.Delay - now;
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Records a replacement now and doubles the delay before the next.</summary>
    public void Next(string key, DateTimeOffset now)
    {
        lock (_lock)
        {
            var delay = _entries.TryGetValue(key, out var e) && now - e.LastUpdate <= 2 * max
                ? TimeSpan.FromTicks(Math.Min(e.Delay.Ticks * 2, max.Ticks))
                : initial;
            _entries[key] = (delay, now);
        }
    }

    /// <summary>Drops entries idle for longer than twice the maximum delay.</summary>
    public void Collect(DateTimeOffset now)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Where(kv => now - kv.Value.LastUpdate > 2 * max).Select(kv => kv.Key).ToList())
                _entries.Remove(key);
        }
    }
}
