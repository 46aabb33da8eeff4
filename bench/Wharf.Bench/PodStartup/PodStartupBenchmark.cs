using System.Text.Json.Nodes;
using Wharf.Bench.Measurement;
using Wharf.Bench.Processes;
using Wharf.Bench.Reporting;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// <c>Wharf.Bench podstartup [--quick]</c>: pod startup on a real node. A <c>wharf server</c> with its embedded agent
/// runs waves of 30 then 100 busybox pods (image present), each timed from create to Running seen by a watch; in the
/// same run the CRI floor (<see cref="CriFloor"/>) does the same waves straight against a containerd of its own.
/// Also the server's RSS idle and with 100 pods (the agent runs inside the server process). Targets: p99 ≤ 1.5 s
/// for 30 pods, p50 overhead ≤ 1.3× the floor, agent RSS ≤ 80 MB idle. Needs root; run under the host-network lock.
/// </summary>
internal static class PodStartupBenchmark
{
    public const string Namespace = "podstartup";
    public const string Busybox = "wharf.local/busybox:1.36";
    private static readonly TimeSpan WaveLimit = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var netnsBefore = HostCommands.NetworkNamespaces();
        try
        {
            return await MeasureAsync(options, ct);
        }
        finally
        {
            await HostCommands.DeleteNetworkNamespacesSinceAsync(netnsBefore);
        }
    }

    private static async Task<int> MeasureAsync(BenchOptions options, CancellationToken ct)
    {
        var progress = new Progress();
        var loadAtStart = MachineInfo.LoadAverage();
        var archives = await ImageArchives.BuildAsync(ct);
        int[] waves = options.Quick ? [10, 30] : [30, 100];

        var wharf = new List<(int Pods, Latencies Latencies)>();
        ProcessMemory idle, loaded;
        await using (var server = await AgentServer.StartAsync(options.WharfDll, archives, progress, ct))
        {
            await server.Client.CreateAsync(Resource.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } }, ct);
            await WaitForServiceAccountAsync(server.Client, ct);
            await Task.Delay(options.Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10), ct);
            idle = server.ReadMemory();
            progress.Say($"idle server RSS {idle.RssMegabytes:F0} MB");
            loaded = idle;
            foreach (var count in waves)
            {
                var breakdown = new StartupBreakdown();
                var cpuBefore = server.ReadCpu();
                var latencies = await PodWave.RunAsync(server.Client, $"w{count}-", count, WaveLimit, breakdown, ct);
                wharf.Add((count, latencies));
                progress.Say($"wharf: {latencies.Count}/{count} pods running, p50 {latencies.Median:F0} ms, p99 {latencies.Percentile(99):F0} ms; server CPU {(server.ReadCpu() - cpuBefore).TotalMilliseconds / count:F0} ms per pod; {breakdown}");
                loaded = server.ReadMemory();
                await DeleteAllAsync(server.Client, ct);
            }
            progress.Say($"server RSS with {waves[^1]} pods {loaded.RssMegabytes:F0} MB");
        }

        var floor = new List<(int Pods, Latencies Latencies)>();
        await using (var cri = await CriFloor.StartAsync(archives, ct))
        {
            foreach (var count in waves)
            {
                var latencies = await cri.RunAsync($"f{count}-", count, ct);
                floor.Add((count, latencies));
                progress.Say($"CRI floor: {count} pods, p50 {latencies.Median:F0} ms, p99 {latencies.Percentile(99):F0} ms");
                await cri.ClearAsync(ct);
            }
        }

        var table = new MarkdownTable("figure", "Wharf (API → Running)", "CRI floor", "ratio p50", "target", "verdict");
        var met = true;
        for (var i = 0; i < waves.Length; i++)
        {
            var (pods, w) = wharf[i];
            var f = floor[i].Latencies;
            var ratio = w.Median / Math.Max(1, f.Median);
            var p99Target = pods == 30 ? "p99 ≤ 1,500 ms; ≤ 1.3× floor" : "≤ 1.3× floor";
            var ok = w.Count == pods && ratio <= 1.3 && (pods != 30 || w.Percentile(99) <= 1500);
            met &= ok;
            table.Add($"{pods} pods p50 / p99", $"{w.Median:F0} / {w.Percentile(99):F0} ms ({w.Count}/{pods} running)",
                $"{f.Median:F0} / {f.Percentile(99):F0} ms", $"{ratio:F2}×", p99Target, ok ? "met" : "missed");
        }
        table.Add("server RSS idle (agent inside)", $"{idle.RssMegabytes:F0} MB", "", "", "agent ≤ 80 MB", idle.RssMegabytes <= 80 ? "met" : "see note");
        table.Add($"server RSS with {waves[^1]} pods / peak", $"{loaded.RssMegabytes:F0} / {loaded.PeakRssMegabytes:F0} MB", "", "", "", "");
        Console.WriteLine($"## Pod startup ({string.Join(" then ", waves)} busybox pods, 8 creates in flight; `wharf server` with its embedded agent vs raw CRI on its own containerd, all pods of a wave at once)");
        Console.WriteLine();
        table.WriteTo(Console.Out);
        Console.WriteLine();
        Console.WriteLine($"Load average {loadAtStart} at the start, {MachineInfo.LoadAverage()} at the end, on {Environment.ProcessorCount} cores.");
        return met ? 0 : 1;
    }

    private static async Task WaitForServiceAccountAsync(IApiClient client, CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                await client.GetAsync(Resource.ServiceAccounts, Namespace, "default", ct);
                return;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private static async Task DeleteAllAsync(IApiClient client, CancellationToken ct)
    {
        await client.DeleteCollectionAsync(Resource.Pods, Namespace, null, new DeleteOptions { GracePeriodSeconds = 0 }, ct);
        for (var i = 0; i < 600; i++)
        {
            if ((await client.ListAsync(Resource.Pods, Namespace, null, ct))["items"] is not JsonArray { Count: > 0 })
                break;
            await Task.Delay(100, ct);
        }
        // Sandboxes go down after the API objects; give the agent a moment so the next wave starts on a quiet node.
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
    }
}
