using System.Globalization;

namespace Wharf.Node.Agent.Stats;

/// <summary>
/// The node's own figures from procfs: CPU (/proc/stat), memory (/proc/meminfo), the host network namespace's
/// interfaces, the process table, boot time, and the network of a process (a pod's sandbox). The proc root is a
/// parameter for tests.
/// </summary>
internal sealed class HostReader(string procRoot = "/proc")
{
    public CpuStats Cpu(DateTimeOffset time) =>
        new(time, ProcStatParser.UsageCoreNanoSeconds(File.ReadAllText(Path.Combine(procRoot, "stat"))));

    public MemoryStats Memory(DateTimeOffset time) => MemInfoParser.Parse(File.ReadAllText(Path.Combine(procRoot, "meminfo")), time);

    /// <summary>The host's interfaces; the default one is the interface of the default route.</summary>
    public NetworkStats? Network(DateTimeOffset time)
    {
        var interfaces = TryRead("net/dev") is { } dev ? NetDevParser.Parse(dev) : null;
        return interfaces is null ? null : NetDevParser.ToNetwork(interfaces, time, DefaultRouteInterface() ?? "eth0");
    }

    /// <summary>A process's network namespace as /proc/PID/net/dev shows it (null once the process is gone).</summary>
    public NetworkStats? NetworkOf(int pid, DateTimeOffset time) =>
        TryRead($"{pid}/net/dev") is { } dev ? NetDevParser.ToNetwork(NetDevParser.Parse(dev), time) : null;

    public RlimitStats Rlimit(DateTimeOffset time)
    {
        var maxPid = long.TryParse(TryRead("sys/kernel/pid_max")?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
        var processes = Directory.EnumerateDirectories(procRoot).Count(d => Path.GetFileName(d).All(char.IsAsciiDigit));
        return new RlimitStats(time, maxPid, processes);
    }

    public DateTimeOffset BootTime()
    {
        var btime = TryRead("stat")?.Split('\n').FirstOrDefault(l => l.StartsWith("btime ", StringComparison.Ordinal));
        return btime is not null && long.TryParse(btime[6..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UnixEpoch;
    }

    private string? DefaultRouteInterface() =>
        TryRead("net/route")?.Split('\n').Skip(1)
            .Select(l => l.Split('\t', StringSplitOptions.TrimEntries))
            .FirstOrDefault(f => f.Length > 2 && f[1] == "00000000")?[0];

    private string? TryRead(string relative)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procRoot, relative));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
