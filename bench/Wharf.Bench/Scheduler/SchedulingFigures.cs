using System.Diagnostics;
using Wharf.Bench.Measurement;

namespace Wharf.Bench.Scheduler;

/// <summary>
/// What one measured batch gave: pods bound per second on average (from the first create to the last binding, as
/// scheduler_perf's SchedulingThroughput Average) and the median of the per-second counts over that window, plus
/// create-acknowledged → binding-seen latencies.
/// </summary>
internal sealed record SchedulingFigures(int Measured, int Bound, double Average, double PerSecondMedian, Latencies Latency, TimeSpan Window, TimeSpan Creating)
{
    public static SchedulingFigures From(long start, long createdAll, IReadOnlyList<(long Created, long? Bound)> pods)
    {
        var bound = pods.Where(p => p.Bound is not null).Select(p => p.Bound!.Value).Order().ToList();
        var latency = new Latencies();
        foreach (var p in pods)
            if (p.Bound is { } b) latency.Add(Stopwatch.GetElapsedTime(p.Created, b).TotalMilliseconds);
        var window = bound.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(start, bound[^1]);
        return new SchedulingFigures(pods.Count, bound.Count, bound.Count == 0 ? 0 : bound.Count / window.TotalSeconds,
            MedianPerSecond(start, bound), latency, window, Stopwatch.GetElapsedTime(start, createdAll));
    }

    /// <summary>
    /// A backlog placed by a scheduler started at <paramref name="started"/>: the window runs from
    /// <paramref name="opened"/> (the scheduler ready) to the last binding seen; latency is process start → binding seen.
    /// </summary>
    public static SchedulingFigures FromBacklog(long started, long opened, IReadOnlyList<long?> bindings)
    {
        var bound = bindings.Where(b => b is not null).Select(b => b!.Value).Order().ToList();
        var latency = new Latencies();
        foreach (var b in bound) latency.Add(Stopwatch.GetElapsedTime(started, b).TotalMilliseconds);
        var window = bound.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(opened, bound[^1]);
        var average = bound.Count == 0 || window <= TimeSpan.Zero ? 0 : bound.Count / window.TotalSeconds;
        return new SchedulingFigures(bindings.Count, bound.Count, average, MedianPerSecond(opened, bound), latency, window, TimeSpan.Zero);
    }

    /// <summary>Median pods bound per whole second of the window (a last partial second is left out unless alone).</summary>
    internal static double MedianPerSecond(long start, IReadOnlyList<long> bound)
    {
        if (bound.Count == 0) return 0;
        var seconds = (int)Stopwatch.GetElapsedTime(start, bound[^1]).TotalSeconds;
        var counts = new int[seconds + 1];
        foreach (var t in bound) counts[Math.Min(seconds, (int)Stopwatch.GetElapsedTime(start, t).TotalSeconds)]++;
        var whole = seconds == 0 ? counts : counts[..seconds];
        var sorted = whole.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
    }
}
