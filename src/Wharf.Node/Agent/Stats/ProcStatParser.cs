namespace Wharf.Node.Agent.Stats;

/// <summary>The node's cumulative CPU time from the aggregate "cpu" line of /proc/stat.</summary>
internal static class ProcStatParser
{
    /// <summary>/proc/stat counts in USER_HZ ticks, which is 100 per second on every Linux architecture we run on.</summary>
    private const ulong NanosecondsPerTick = 10_000_000;

    /// <summary>
    /// Busy time: user, nice, system, irq, softirq and steal. Idle and iowait are not CPU use; guest time is already
    /// inside user, so it is not added again.
    /// </summary>
    public static ulong UsageCoreNanoSeconds(string procStat)
    {
        var line = procStat.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal))
            ?? throw new FormatException("/proc/stat has no aggregate cpu line");
        var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => ulong.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        ulong Field(int index) => index < ticks.Length ? ticks[index] : 0;
        // user nice system idle iowait irq softirq steal guest guest_nice
        var busy = Field(0) + Field(1) + Field(2) + Field(5) + Field(6) + Field(7);
        return busy * NanosecondsPerTick;
    }
}
