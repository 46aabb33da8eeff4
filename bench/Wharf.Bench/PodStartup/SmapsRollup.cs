namespace Wharf.Bench.PodStartup;

/// <summary>
/// A process's memory beyond its RSS, from <c>/proc/PID/smaps_rollup</c>: PSS (each shared page divided among the
/// processes that map it, so the runtime's files count only in part when other .NET processes run) and private
/// memory (pages only this process maps: its heaps, its JIT-compiled code, its dirtied file pages).
/// </summary>
internal readonly record struct SmapsRollup(double PssMegabytes, double PrivateMegabytes)
{
    public static SmapsRollup Read(int pid)
    {
        long pss = 0, privateKb = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
        {
            if (line.StartsWith("Pss:", StringComparison.Ordinal))
                pss = Kilobytes(line);
            else if (line.StartsWith("Private_Clean:", StringComparison.Ordinal) || line.StartsWith("Private_Dirty:", StringComparison.Ordinal))
                privateKb += Kilobytes(line);
        }
        return new SmapsRollup(pss / 1024.0, privateKb / 1024.0);
    }

    // "Pss:               55012 kB"
    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
