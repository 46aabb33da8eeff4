using System.Runtime.CompilerServices;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.NodeResources;

/// <summary>
/// Upstream's node-resource scoring functions over parallel spans (requested, allocatable) per configured
/// resource; resources the node does not offer (allocatable 0) are left out of the weighted mean. Spans and
/// static functions: a scorer runs for every scored node of every cycle (~500 per pod at 5,000 nodes), where arrays,
/// lists and per-resource delegates were a few allocations per node.
/// </summary>
internal static class ResourceScorers
{
    private const long Max = Framework.NodeScore.MaxNodeScore;
    private const long MaxUtilization = 100;
    private const long MaxCustomPriorityScore = 10;

    public delegate long Scorer(ReadOnlySpan<long> requested, ReadOnlySpan<long> allocatable, ReadOnlySpan<long> weights);

    public static Scorer LeastAllocated { get; } = [MethodImpl(HotPath.Options)] (req, alloc, w) =>
    {
        long total = 0, weightSum = 0;
        for (var i = 0; i < req.Length; i++)
        {
            var (r, c) = (req[i], alloc[i]);
            if (c == 0) continue;
            total += (r > c ? 0 : (c - r) * Max / c) * w[i];
            weightSum += w[i];
        }
        return weightSum == 0 ? 0 : total / weightSum;
    };

    public static Scorer MostAllocated { get; } = [MethodImpl(HotPath.Options)] (req, alloc, w) =>
    {
        long total = 0, weightSum = 0;
        for (var i = 0; i < req.Length; i++)
        {
            var (r, c) = (req[i], alloc[i]);
            if (c == 0) continue;
            total += Math.Min(r, c) * Max / c * w[i];
            weightSum += w[i];
        }
        return weightSum == 0 ? 0 : total / weightSum;
    };

    public static Scorer RequestedToCapacityRatio(IReadOnlyList<UtilizationShapePoint> shape)
    {
        var points = shape.Select(p => (U: (long)p.Utilization, S: p.Score * (Max / MaxCustomPriorityScore))).ToArray();
        long Broken(long p)
        {
            for (var i = 0; i < points.Length; i++)
            {
                if (p > points[i].U) continue;
                if (i == 0) return points[0].S;
                return points[i - 1].S + (points[i].S - points[i - 1].S) * (p - points[i - 1].U) / (points[i].U - points[i - 1].U);
            }
            return points[^1].S;
        }
        return (req, alloc, w) =>
        {
            long total = 0, weightSum = 0;
            for (var i = 0; i < req.Length; i++)
            {
                if (alloc[i] == 0) continue;
                var s = req[i] > alloc[i] ? Broken(MaxUtilization) : Broken(req[i] * MaxUtilization / alloc[i]);
                if (s <= 0) continue;
                total += s * w[i];
                weightSum += w[i];
            }
            return weightSum == 0 ? 0 : (long)Math.Round((double)total / weightSum, MidpointRounding.AwayFromZero);
        };
    }

    /// <summary>1 − standard deviation of the requested fractions, ×100.</summary>
    public static Scorer Balanced { get; } = [MethodImpl(HotPath.Options)] (req, alloc, _) =>
    {
        Span<double> fractions = stackalloc double[req.Length];
        var count = 0;
        for (var i = 0; i < req.Length; i++)
        {
            if (alloc[i] == 0) continue;
            fractions[count++] = Math.Min(1.0, (double)req[i] / alloc[i]);
        }
        double std = 0;
        if (count == 2) std = Math.Abs((fractions[0] - fractions[1]) / 2);
        else if (count > 2) std = StandardDeviation(fractions[..count]);
        return (long)((1 - std) * Max);
    };

    /// <summary>Population standard deviation, summed in order (one resource after the other, as upstream).</summary>
    private static double StandardDeviation(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        var mean = sum / values.Length;
        double squares = 0;
        foreach (var v in values) squares += (v - mean) * (v - mean);
        return Math.Sqrt(squares / values.Length);
    }
}
