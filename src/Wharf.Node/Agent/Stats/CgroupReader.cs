using System.Globalization;

namespace Wharf.Node.Agent.Stats;

/// <summary>
/// CPU, memory and process counts of one cgroup (given by its path below the hierarchy root, e.g.
/// /kubepods/burstable/podUID), from cgroup v2 files on a unified layout or the v1 cpuacct, memory and pids
/// controllers on a v1 or hybrid one (Debian 12 with cgroupfs, where containerd uses v1). The root is a parameter so
/// tests can lay out fake files. Missing files mean the cgroup is gone or the controller is not mounted: null.
/// </summary>
internal sealed class CgroupReader(string root = "/sys/fs/cgroup")
{
    /// <summary>v1 reports "no limit" as the largest page-aligned long; anything this large is unlimited.</summary>
    private const ulong UnlimitedAbove = 1UL << 60;

    private bool Unified => File.Exists(Path.Combine(root, "cgroup.controllers"));

    public CpuStats? Cpu(string cgroup, DateTimeOffset time)
    {
        if (Unified)
            return Read(Controller("", cgroup, "cpu.stat")) is { } stat ? new CpuStats(time, KeyValueFile.Parse(stat).Get("usage_usec") * 1000) : null;
        var usage = Read(Controller("cpuacct", cgroup, "cpuacct.usage")) ?? Read(Controller("cpu,cpuacct", cgroup, "cpuacct.usage"));
        return Number(usage) is { } ns ? new CpuStats(time, ns) : null;
    }

    public MemoryStats? Memory(string cgroup, DateTimeOffset time)
    {
        if (Unified)
        {
            var current = Number(Read(Controller("", cgroup, "memory.current")));
            var stat = Read(Controller("", cgroup, "memory.stat"));
            return current is null || stat is null ? null
                : FromCounters(time, current.Value, KeyValueFile.Parse(stat), "inactive_file", "anon", "pgfault", "pgmajfault",
                    Number(Read(Controller("", cgroup, "memory.max"))));
        }
        var usage = Number(Read(Controller("memory", cgroup, "memory.usage_in_bytes")));
        var v1Stat = Read(Controller("memory", cgroup, "memory.stat"));
        return usage is null || v1Stat is null ? null
            : FromCounters(time, usage.Value, KeyValueFile.Parse(v1Stat), "total_inactive_file", "total_rss", "total_pgfault", "total_pgmajfault",
                Number(Read(Controller("memory", cgroup, "memory.limit_in_bytes"))));
    }

    public ulong? ProcessCount(string cgroup) =>
        Number(Read(Controller(Unified ? "" : "pids", cgroup, "pids.current")));

    /// <summary>The first process of a cgroup (a sandbox's pause process), to find its network namespace.</summary>
    public int? FirstProcess(string cgroup)
    {
        var procs = Read(Controller(Unified ? "" : "memory", cgroup, "cgroup.procs")) ?? Read(Controller("cpuacct", cgroup, "cgroup.procs"));
        var first = procs?.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    public bool Exists(string cgroup) =>
        Directory.Exists(Controller(Unified ? "" : "memory", cgroup, "")) || Directory.Exists(Controller("cpuacct", cgroup, ""));

    internal static MemoryStats FromCounters(DateTimeOffset time, ulong usage, IReadOnlyDictionary<string, ulong> stat,
        string inactiveFile, string rss, string faults, string majorFaults, ulong? limit)
    {
        var inactive = stat.Get(inactiveFile);
        var workingSet = usage > inactive ? usage - inactive : 0;
        ulong? available = limit is { } l && l < UnlimitedAbove ? (l > workingSet ? l - workingSet : 0) : null;
        return new MemoryStats(time, usage, workingSet, stat.Get(rss), stat.Get(faults), stat.Get(majorFaults), available);
    }

    private string Controller(string controller, string cgroup, string file) =>
        Path.Combine(controller.Length == 0 ? root : Path.Combine(root, controller), cgroup.TrimStart('/'), file);

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A single-number file; v2's "max" (no limit) reads as null.</summary>
    private static ulong? Number(string? text) =>
        ulong.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
