using System.Collections.Concurrent;

namespace Wharf.Controllers.Job;

/// <summary>
/// The delay before a Job replaces failed pods (upstream's backoff records): base × 2^(failures−1) after the last
/// failure, capped, where failures count since the Job's last success. Kept in memory, as upstream does.
/// </summary>
public sealed class PodFailureBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    public static readonly TimeSpan DefaultBase = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset LastFailure)> _records = new(StringComparer.Ordinal);

    public void Record(string key, int newFailures, int newSuccesses, DateTimeOffset now)
    {
        if (newFailures == 0 && newSuccesses == 0) return;
        _records.AddOrUpdate(key,
            _ => newFailures > 0 ? (newFailures, now) : (0, default),
            (_, r) => newSuccesses > 0 ? (newFailures, newFailures > 0 ? now : r.LastFailure) : (r.Failures + newFailures, now));
    }

    /// <summary>How long creation must still wait; zero when it may go ahead.</summary>
    public TimeSpan Remaining(string key, DateTimeOffset now)
    {
        if (!_records.TryGetValue(key, out var r) || r.Failures <= 0) return TimeSpan.Zero;
        var delay = Delay(r.Failures);
        var left = r.LastFailure + delay - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public TimeSpan Delay(int failures)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var ticks = baseDelay.Ticks;
        for (var i = 1; i < failures && ticks < maxDelay.Ticks; i++) ticks *= 2;
        return TimeSpan.FromTicks(Math.Min(ticks, maxDelay.Ticks));
    }

    public void Forget(string key) => _records.TryRemove(key, out _);
}
