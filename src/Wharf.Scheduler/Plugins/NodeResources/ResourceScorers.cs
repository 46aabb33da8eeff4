namespace Wharf.Scheduler.Plugins.NodeResources;

/// <summary>
/// Upstream's node-resource scoring functions over parallel arrays (requested, allocatable) per configured
/// resource; resources the node does not offer (allocatable 0) are left out of the weighted mean.
/// </summary>
internal static class ResourceScorers
{
    private const long Max = Framework.NodeScore.MaxNodeScore;
    private const long MaxUtilization = 100;
    private const long MaxCustomPriorityScore = 10;

    public delegate long Scorer(long[] requested, long[] allocatable, long[] weights);

    public static Scorer LeastAllocated { get; } = (req, alloc, w) => WeightedMean(req, alloc, w, (r, c) => c == 0 || r > c ? 0 : (c - r) * Max / c);

    public static Scorer MostAllocated { get; } = (req, alloc, w) => WeightedMean(req, alloc, w, (r, c) => c == 0 ? 0 : Math.Min(r, c) * Max / c);

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
    public static Scorer Balanced { get; } = (req, alloc, _) =>
    {
        var fractions = new List<double>(req.Length);
        for (var i = 0; i < req.Length; i++)
        {
            if (alloc[i] == 0) continue;
            fractions.Add(Math.Min(1.0, (double)req[i] / alloc[i]));
        }
        double std = 0;
        if (fractions.Count == 2) std = Math.Abs((fractions[0] - fractions[1]) / 2);
        else if (fractions.Count > 2)
        {
            var mean = fractions.Average();
            std = Math.Sqrt(fractions.Sum(f => (f - mean) * (f - mean)) / fractions.Count);
        }
        return (long)((1 - std) * Max);
    };

    private static long WeightedMean(long[] req, long[] alloc, long[] w, Func<long, long, long> perResource)
    {
        long total = 0, weightSum = 0;
        for (var i = 0; i < req.Length; i++)
        {
            if (alloc[i] == 0) continue;
            total += perResource(req[i], alloc[i]) * w[i];
            weightSum += w[i];
        }
        return weightSum == 0 ? 0 : total / weightSum;
    }
}
