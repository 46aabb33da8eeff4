using Wharf.Bench.Processes;

namespace Wharf.Bench.Ingress;

/// <summary>CPU time used so far by a process and its direct children (nginx's master and workers).</summary>
internal static class ProcessTreeCpu
{
    public static TimeSpan Read(int pid)
    {
        var total = ProcessCpu.Read(pid);
        foreach (var child in Children(pid))
        {
            try
            {
                total += ProcessCpu.Read(child);
            }
            catch (IOException)
            {
                // A worker that just ended has no stat any more; its time is gone with it.
            }
        }
        return total;
    }

    private static IEnumerable<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        return File.Exists(path)
            ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
            : [];
    }
}
