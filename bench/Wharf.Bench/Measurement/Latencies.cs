namespace Wharf.Bench.Measurement;

/// <summary>
/// Latency samples in milliseconds, safe to add from many tasks; percentiles by nearest rank over the sorted
/// samples (p99 of 100 samples is the 99th smallest, not an interpolation).
/// </summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count
    {
        get
        {
            lock (_samples)
                return _samples.Count;
        }
    }

    public void Add(double milliseconds)
    {
        lock (_samples)
            _samples.Add(milliseconds);
    }

    public void AddElapsed(long startTimestamp) => Add(System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public double Percentile(double percent)
    {
        double[] sorted;
        lock (_samples)
            sorted = [.. _samples];
        if (sorted.Length == 0)
            return double.NaN;
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double Median => Percentile(50);
}
