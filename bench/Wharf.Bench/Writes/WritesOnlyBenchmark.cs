using Wharf.Bench.Processes;
using Wharf.Bench.Reporting;
using Wharf.Bench.Scenarios;

namespace Wharf.Bench.Writes;

/// <summary>
/// Only the API write figures, for A/B rounds of two builds or runtime settings: a fresh <c>wharf server</c>, a
/// warm-up of creates at 16 clients (a short 4-client warm-up left the JIT at ~11 % of the measured creates'
/// samples), then <c>rounds</c> phases of creates and updates at 16 clients, each with the server's CPU per write read
/// from /proc. The full benchmark's other scenarios (cold start, GET, LIST, watch, etcd) are left out so that one
/// round takes under a minute and rounds can alternate under the same load.
/// </summary>
internal static class WritesOnlyBenchmark
{
    private const int Clients = 16;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(BenchOptions options, int rounds, CancellationToken ct)
    {
        var progress = new Progress();
        var load = MachineInfo.LoadAverage();
        await using var server = await WharfServerProcess.StartAsync(options.WharfDll, ct);
        using var api = server.Connect(RequestTimeout);
        var scenario = new WriteScenario(new WharfWriteTarget(api), server.ProcessId, progress);
        var warmUp = options.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(6);
        var phase = options.Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(8);
        var figures = await scenario.RunAsync(Enumerable.Repeat(Clients, rounds).ToArray(), phase, warmUp, Clients, ct);
        Console.WriteLine($"# {options.WharfDll}; load at start {load}, at end {MachineInfo.LoadAverage()}; idle-free RSS at end {server.ReadMemory().RssMegabytes:F0} MB");
        foreach (var f in figures)
            Console.WriteLine($"{f.Clients} clients: creates {f.Creates.PerSecond:F0}/s {f.CreateCpu.ServerMicrosecondsPer(f.Creates.Completed):F1} us, " +
                              $"updates {f.Updates.PerSecond:F0}/s {f.UpdateCpu.ServerMicrosecondsPer(f.Updates.Completed):F1} us (server CPU per write)\n" +
                              $"    creates {f.CreateTimeline}\n    updates {f.UpdateTimeline}\n    {f.AllocatedPerWrite}");
        return 0;
    }
}
