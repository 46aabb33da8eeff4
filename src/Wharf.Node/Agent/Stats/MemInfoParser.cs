namespace Wharf.Node.Agent.Stats;

/// <summary>The node's memory from /proc/meminfo, in the same terms as a cgroup's (usage, working set, rss).</summary>
internal static class MemInfoParser
{
    public static MemoryStats Parse(string meminfo, DateTimeOffset time)
    {
        var values = KeyValueFile.Parse(meminfo);
        var total = values.Get("MemTotal");
        var usage = Minus(total, values.Get("MemFree"));
        var workingSet = Minus(usage, values.Get("Inactive(file)"));
        // The node's available memory is capacity minus working set, as eviction reckons it.
        return new MemoryStats(time, usage, workingSet, values.Get("AnonPages"), 0, 0, Minus(total, workingSet));
    }

    private static ulong Minus(ulong a, ulong b) => a > b ? a - b : 0;
}
