namespace Wharf.Client.Queue;

/// <summary>The rate limiters controllers use by default.</summary>
public static class RateLimiters
{
    /// <summary>
    /// Per-item backoff 5 ms → 1000 s combined with an overall 10 qps / burst 100 bucket
    /// (client-go's DefaultControllerRateLimiter).
    /// </summary>
    public static IRateLimiter<T> Default<T>(TimeProvider? time = null) where T : notnull =>
        WithMaxDelay<T>(TimeSpan.FromSeconds(1000), time);

    /// <summary>The default shape with another per-item cap (the namespace controller uses 60 s).</summary>
    public static IRateLimiter<T> WithMaxDelay<T>(TimeSpan maxDelay, TimeProvider? time = null) where T : notnull =>
        new MaxOfRateLimiter<T>(
            new ItemExponentialFailureRateLimiter<T>(TimeSpan.FromMilliseconds(5), maxDelay),
            new BucketRateLimiter<T>(10, 100, time));
}
