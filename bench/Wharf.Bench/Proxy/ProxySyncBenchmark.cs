using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Bench.Measurement;
using Wharf.Bench.Reporting;
using Wharf.Network.Proxy;
using Wharf.Network.Proxy.Nft;

namespace Wharf.Bench.Proxy;

/// <summary>
/// <c>Wharf.Bench proxy [--quick]</c>: how long the nftables proxy takes to apply one service change (build + nft run)
/// with 1,000 and 10,000 services in the table, each size in a scratch network namespace. Needs root.
/// Targets from the issue: 50 ms at 1,000 services, 1 s at 10,000.
/// </summary>
internal static class ProxySyncBenchmark
{
    private static readonly (int Services, double TargetMs)[] Sizes = [(1_000, 50), (10_000, 1_000)];

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (Environment.UserName != "root")
        {
            Console.Error.WriteLine("the proxy benchmark needs root (network namespaces, nft)");
            return 2;
        }
        var changes = args.Contains("--quick") ? 10 : 50;
        var progress = new Progress();
        var table = new MarkdownTable("services", "rules", "full sync ms", "one change p50 ms", "p90 ms", "max ms", "CPU ms per change", "target ms", "verdict");
        var load = MachineInfo.LoadAverage();
        foreach (var (services, target) in Sizes)
        {
            var figures = await MeasureAsync(services, changes, progress, ct);
            var partial = figures.Partial;
            table.Add($"{services:N0}", $"{figures.Rules:N0}", $"{figures.FullMs:F0}", $"{partial.Median:F1}", $"{partial.Percentile(90):F1}",
                $"{partial.Percentile(100):F1}", $"{figures.CpuMsPerChange:F1}", $"{target:F0}", partial.Median <= target ? "met" : "missed");
        }
        Console.WriteLine($"## Proxy sync ({changes} single-service changes per size; build + `nft -f` in a scratch netns)");
        Console.WriteLine();
        table.WriteTo(Console.Out);
        Console.WriteLine();
        Console.WriteLine($"Load average at start {load} on {Environment.ProcessorCount} cores; CPU is this process plus its nft children.");
        return 0;
    }

    private static async Task<SyncFigures> MeasureAsync(int count, int changes, Progress progress, CancellationToken ct)
    {
        using var ns = ScratchNamespace.Create();
        var source = new SyntheticServices(count);
        var options = new ServiceProxyOptions { NodeName = "node-a", TableName = "wharf-proxy-bench", CommandPrefix = ns.Prefix };
        var syncer = new ProxySyncer(options, source, new CommandRunner(ns.Prefix), null, NullLogger.Instance);

        var started = Stopwatch.GetTimestamp();
        await syncer.SyncAsync(ct);
        var full = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        progress.Say($"{count:N0} services: full sync {full:F0} ms ({syncer.AppliedRules:N0} rules)");

        var partial = new Latencies();
        var random = new Random(count);
        var cpuBefore = OwnCpu.Read();
        for (var i = 0; i < changes; i++)
        {
            syncer.MarkChanged(source.Touch(random.Next(count)));
            started = Stopwatch.GetTimestamp();
            await syncer.SyncAsync(ct);
            partial.AddElapsed(started);
        }
        var cpuPerChange = (OwnCpu.Read() - cpuBefore).TotalMilliseconds / changes;
        progress.Say($"{count:N0} services: one change p50 {partial.Median:F1} ms, {cpuPerChange:F1} ms CPU");
        return new SyncFigures(full, syncer.AppliedRules, partial, cpuPerChange);
    }
}
