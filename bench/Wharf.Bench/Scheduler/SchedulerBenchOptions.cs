namespace Wharf.Bench.Scheduler;

/// <summary>
/// <c>Wharf.Bench scheduler [--quick] [--workload NAME] [--in-server] [--wharf-dll PATH]</c>: the common options plus
/// which workload to run (default all) and where the scheduler runs: a separate <c>wharf scheduler</c> process
/// (default, so that its own memory and CPU can be read) or the server's built-in one.
/// </summary>
internal sealed record SchedulerBenchOptions(BenchOptions Common, string? Workload, bool InServer)
{
    public static SchedulerBenchOptions? Parse(string[] args)
    {
        string? workload = null;
        var inServer = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--workload" && i + 1 < args.Length) workload = args[++i];
            else if (args[i] == "--in-server") inServer = true;
            else rest.Add(args[i]);
        }
        return BenchOptions.Parse([.. rest]) is { } common ? new SchedulerBenchOptions(common, workload, inServer) : null;
    }
}
