namespace Wharf.Client.Queue;

/// <summary>
/// An overall token bucket (qps refill, burst capacity) shared by all items: each call reserves a token and
/// waits until the bucket would have had one, as golang.org/x/time/rate's Reserve does.
/// </summary>
public sealed class BucketRateLimiter<T>(double qps, int burst, TimeProvider? time = null) : IRateLimiter<T>
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly object _lock = new();
    private double _tokens = burst;
    private long _last = -1;

    public TimeSpan When(T item)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_last >= 0)
                _tokens = Math.Min(burst, _tokens + _time.GetElapsedTime(_last, now).TotalSeconds * qps);
            _last = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / qps);
        }
    }

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
