namespace Wharf.Bench.Scheduler;

/// <summary>
/// <c>Wharf.Bench scheduler [--quick] [--workload NAME] [--mode streaming|backlog|warm|both|all] [--in-server] [--wharf-dll PATH]</c>:
/// the common options plus which workload to run (default all), how the measured pods meet the scheduler (default
/// both modes, one row each) and where the scheduler runs: a separate <c>wharf scheduler</c> process (default, so
/// that its own memory and CPU can be read) or the server's built-in one (streaming only: it cannot be held back).
/// </summary>
internal sealed record SchedulerBenchOptions(BenchOptions Common, string? Workload, bool InServer, IReadOnlyList<SchedulerBenchMode> Modes)
{
    public static SchedulerBenchOptions? Parse(string[] args)
    {
        string? workload = null;
        var inServer = false;
        IReadOnlyList<SchedulerBenchMode> modes = [SchedulerBenchMode.Streaming, SchedulerBenchMode.Backlog];
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--workload" && i + 1 < args.Length) workload = args[++i];
            else if (args[i] == "--in-server") inServer = true;
            else if (args[i] == "--mode" && i + 1 < args.Length)
            {
                modes = args[++i] switch
                {
                    "streaming" => [SchedulerBenchMode.Streaming],
                    "backlog" => [SchedulerBenchMode.Backlog],
                    "warm" => [SchedulerBenchMode.WarmBacklog],
                    "both" => modes,
                    "all" => [SchedulerBenchMode.Streaming, SchedulerBenchMode.Backlog, SchedulerBenchMode.WarmBacklog],
                    _ => [],
                };
                if (modes.Count == 0) return null;
            }
            else rest.Add(args[i]);
        }
        if (inServer) modes = [SchedulerBenchMode.Streaming];
        return BenchOptions.Parse([.. rest]) is { } common ? new SchedulerBenchOptions(common, workload, inServer, modes) : null;
    }
}
