namespace Wharf.Scheduler.Metrics;

/// <summary>A Prometheus histogram: per-bucket counts (upper bounds inclusive), sum and count. Thread-safe.</summary>
internal sealed class Histogram(IReadOnlyList<double> bounds)
{
    private readonly object _lock = new();
    private readonly long[] _buckets = new long[bounds.Count];
    private double _sum;
    private long _count;

    public IReadOnlyList<double> Bounds => bounds;

    public void Observe(double value)
    {
        lock (_lock)
        {
            for (var i = 0; i < bounds.Count; i++)
            {
                if (value > bounds[i]) continue;
                _buckets[i]++;
                break;
            }
            _sum += value;
            _count++;
        }
    }

    /// <summary>Cumulative bucket counts (as exposed), sum and count, taken consistently.</summary>
    public (long[] Cumulative, double Sum, long Count) Read()
    {
        lock (_lock)
        {
            var cumulative = new long[_buckets.Length];
            long running = 0;
            for (var i = 0; i < _buckets.Length; i++) cumulative[i] = running += _buckets[i];
            return (cumulative, _sum, _count);
        }
    }

    /// <summary>Prometheus' ExponentialBuckets(start, factor, count).</summary>
    public static double[] Exponential(double start, double factor, int count) =>
        Enumerable.Range(0, count).Select(i => start * Math.Pow(factor, i)).ToArray();

    /// <summary>Prometheus' LinearBuckets(start, width, count).</summary>
    public static double[] Linear(double start, double width, int count) =>
        Enumerable.Range(0, count).Select(i => start + width * i).ToArray();
}
