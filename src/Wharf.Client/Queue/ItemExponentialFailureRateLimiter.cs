namespace Wharf.Client.Queue;

/// <summary>Per-item exponential backoff: base × 2^failures, capped at max.</summary>
public sealed class ItemExponentialFailureRateLimiter<T>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<T> where T : notnull
{
    private readonly Dictionary<T, int> _failures = new();

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_failures)
        {
            _failures.TryGetValue(item, out exponent);
            _failures[item] = exponent + 1;
        }
        // Past 2^62 ticks the multiplication overflows; everything that large is the cap anyway.
        if (exponent > 62) return maxDelay;
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item)
    {
        lock (_failures) _failures.Remove(item);
    }

    public int NumRequeues(T item)
    {
        lock (_failures) return _failures.GetValueOrDefault(item);
    }
}
