using System.Globalization;

namespace Wharf.Bench.Proxy;

/// <summary>
/// CPU (user + system) of this process plus its reaped children (the nft runs), from <c>/proc/self/stat</c>: on a
/// loaded machine wall time mostly measures the wait for a core, this measures the work.
/// </summary>
internal static class OwnCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Read()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // After the parenthesised name: utime, stime, cutime, cstime are fields 14-17 of the line.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
