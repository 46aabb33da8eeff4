using System.Collections.Concurrent;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>
/// The rate at which nodes of one zone get a new NoExecute taint (upstream's per-zone token bucket with a burst of
/// one): a node may be tainted when the zone's last taint is at least 1/qps ago; a qps of zero taints nothing.
/// </summary>
public sealed class ZoneTaintLimiter
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastTaint = new(StringComparer.Ordinal);

    /// <summary>Takes the zone's token if it is there; otherwise says how long until it is (null: never at this rate).</summary>
    public bool TryTake(string zone, double qps, DateTimeOffset now, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        if (qps <= 0) return false;
        var interval = TimeSpan.FromSeconds(1 / qps);
        while (true)
        {
            if (!_lastTaint.TryGetValue(zone, out var last))
            {
                if (_lastTaint.TryAdd(zone, now)) return true;
                continue;
            }
            if (now - last < interval)
            {
                retryAfter = last + interval - now;
                return false;
            }
            if (_lastTaint.TryUpdate(zone, now, last)) return true;
        }
    }
}
