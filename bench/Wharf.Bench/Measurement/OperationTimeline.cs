using System.Diagnostics;

namespace Wharf.Bench.Measurement;

/// <summary>
/// When each operation of a closed-loop run ended and how long it took, kept per worker so that recording takes no
/// lock: latency percentiles of every operation, and completions per whole second of the run, which show stalls
/// (a second in which the server stopped for a while) that a mean over the phase hides.
/// </summary>
internal sealed class OperationTimeline
{
    private readonly List<(long End, long Ticks)>[] _workers;
    private readonly long _start = Stopwatch.GetTimestamp();

    public OperationTimeline(int workers) => _workers = Enumerable.Range(0, workers).Select(_ => new List<(long, long)>()).ToArray();

    /// <summary>Runs <paramref name="operation"/> and records it if it succeeds; one worker at a time per index.</summary>
    public async Task TimeAsync(int worker, Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        var end = Stopwatch.GetTimestamp();
        _workers[worker].Add((end, end - start));
    }

    /// <summary>Latencies in milliseconds and completions per whole second; read once the run is over.</summary>
    public TimelineSummary Summarise()
    {
        var all = _workers.SelectMany(w => w).ToArray();
        if (all.Length == 0)
            return new TimelineSummary(double.NaN, double.NaN, double.NaN, []);
        var ticks = all.Select(o => o.Ticks).Order().ToArray();
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        double Percentile(double p) => Ms(ticks[Math.Clamp((int)Math.Ceiling(p / 100 * ticks.Length) - 1, 0, ticks.Length - 1)]);

        var wholeSeconds = (int)((all.Max(o => o.End) - _start) / Stopwatch.Frequency);
        var perSecond = new int[wholeSeconds];
        foreach (var (end, _) in all)
        {
            var second = (int)((end - _start) / Stopwatch.Frequency);
            if (second < wholeSeconds)
                perSecond[second]++;
        }

        return new TimelineSummary(Percentile(50), Percentile(99), Ms(ticks[^1]), perSecond);
    }
}

/// <summary>Latency p50 / p99 / max in milliseconds, and completions in each whole second of the run.</summary>
internal sealed record TimelineSummary(double P50, double P99, double Max, IReadOnlyList<int> PerSecond)
{
    public override string ToString() =>
        $"p50 {P50:F2} p99 {P99:F2} max {Max:F1} ms; per s {(PerSecond.Count == 0 ? "-" : $"{PerSecond.Min()}-{PerSecond.Max()} [{string.Join(' ', PerSecond)}]")}";
}
