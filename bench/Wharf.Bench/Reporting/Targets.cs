namespace Wharf.Bench.Reporting;

/// <summary>The goals from the benchmark issue. Compared and printed, never enforced.</summary>
internal static class Targets
{
    /// <summary>API writes/s must reach raw etcd puts/s at this client count.</summary>
    public const int WriteComparisonClients = 16;
    public const double GetP99Milliseconds = 5;
    public const double List10kP99Milliseconds = 300;
    public const int List10kObjects = 10_000;
    public const double WatchP99Milliseconds = 50;
    public const double IdleRssMegabytes = 150;
    public const double ColdStartSeconds = 1.5;

    public static Verdict Check(bool met) => met ? Verdict.Pass : Verdict.Miss;
}
