namespace Wharf.Scheduler.Framework;

public record struct NodeScore(string Name, long Score)
{
    public const long MaxNodeScore = 100;
    public const long MinNodeScore = 0;

    /// <summary>
    /// Upstream DefaultNormalizeScore: scale to [0, max] by the highest score; reverse flips it so that fewer
    /// (e.g. untolerated taints) scores higher.
    /// </summary>
    public static void DefaultNormalize(long maxPriority, bool reverse, NodeScore[] scores)
    {
        long highest = 0;
        foreach (var s in scores) highest = Math.Max(highest, s.Score);
        if (highest == 0)
        {
            if (reverse)
                for (var i = 0; i < scores.Length; i++) scores[i].Score = maxPriority;
            return;
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var v = maxPriority * scores[i].Score / highest;
            scores[i].Score = reverse ? maxPriority - v : v;
        }
    }
}
