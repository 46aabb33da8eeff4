namespace Wharf.Bench.Processes;

/// <summary>Resident set size of a process from <c>/proc/PID/status</c>: VmRSS now, VmHWM the peak so far.</summary>
internal readonly record struct ProcessMemory(long RssBytes, long PeakRssBytes)
{
    public double RssMegabytes => RssBytes / (1024.0 * 1024.0);

    public double PeakRssMegabytes => PeakRssBytes / (1024.0 * 1024.0);

    public static ProcessMemory Read(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                rss = ParseKilobytes(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                peak = ParseKilobytes(line);
        }
        return new ProcessMemory(rss, peak);
    }

    // "VmRSS:	  123456 kB"
    private static long ParseKilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim()) * 1024;
}
