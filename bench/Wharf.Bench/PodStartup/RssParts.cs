namespace Wharf.Bench.PodStartup;

/// <summary>
/// What a process's RSS is made of (<c>/proc/PID/status</c>): anonymous memory (heaps, stacks), file pages (the
/// runtime and assemblies, shared with other processes) and shared memory (with W^X on, the runtime's double-mapped
/// loader heaps and JIT code).
/// </summary>
internal readonly record struct RssParts(double AnonMegabytes, double FileMegabytes, double ShmemMegabytes)
{
    public static RssParts Read(int pid)
    {
        double anon = 0, file = 0, shmem = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                anon = Megabytes(line);
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
                file = Megabytes(line);
            else if (line.StartsWith("RssShmem:", StringComparison.Ordinal))
                shmem = Megabytes(line);
        }
        return new RssParts(anon, file, shmem);
    }

    public override string ToString() => $"anon {AnonMegabytes:F1} / file {FileMegabytes:F1} / shmem {ShmemMegabytes:F1} MB";

    // "RssAnon:	   21504 kB"
    private static double Megabytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
}
