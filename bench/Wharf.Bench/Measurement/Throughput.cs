namespace Wharf.Bench.Measurement;

/// <summary>Operations completed (and failed) by a load run over its wall-clock time.</summary>
internal sealed record Throughput(long Completed, long Failed, TimeSpan Elapsed, string? FirstError)
{
    public double PerSecond => Completed / Elapsed.TotalSeconds;
}
