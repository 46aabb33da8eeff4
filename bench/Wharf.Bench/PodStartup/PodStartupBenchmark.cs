using System.Text.Json.Nodes;
using Wharf.Bench.Measurement;
using Wharf.Bench.Processes;
using Wharf.Bench.Reporting;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// <c>Wharf.Bench podstartup [--quick]</c>: pod startup on a real node. A control-plane-only server and a joined
/// <c>wharf agent</c> (<see cref="AgentServer"/>) run waves of busybox pods (image present), each timed from create to
/// Running seen by a watch: two bursts (30 then 100 pods at once; quick: 10 then 30) and a paced wave of 30 pods
/// created at <see cref="PacedRate"/> pods/s, the way upstream measures its pod-startup SLO (clusterloader2 creates
/// its latency pods at a fixed QPS). In the same run the CRI floor (<see cref="CriFloor"/>) does the same waves, the
/// same shapes, straight against a containerd of its own. Also the agent's own figures idle and with the pods
/// running (RSS, PSS, private memory, threads, API requests and CPU per minute: <see cref="AgentFigures"/>) and where
/// its time per pod went (<see cref="StartupSteps"/>). An untimed wave of five pods goes first (JIT warm-up).
/// Targets: p99 ≤ 1.5 s for 30 pods, p50 overhead ≤ 1.3× the floor, agent RSS ≤ 80 MB idle. Needs root; run under
/// the host-network lock.
/// </summary>
internal static class PodStartupBenchmark
{
    public const string Namespace = "podstartup";
    public const string Busybox = "wharf.local/busybox:1.36";
    private const int WarmUpPods = 5;
    private const int PacedPods = 30;

    /// <summary>Pods created per second in the paced wave: 30 pods over 6 s.</summary>
    private const double PacedRate = 5;
    private static readonly TimeSpan WaveLimit = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Set to <c>idle</c>, the run stops after the idle agent's figures (memory levers, one per run); set to
    /// <c>floor</c>, it runs only the CRI floor's waves (containerd and CNI settings). Anything else: the whole run.
    /// </summary>
    private const string PartVariable = "WHARF_BENCH_PODSTARTUP";

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
        WaveShape[] waves = options.Quick
            ? [WaveShape.Burst(10), WaveShape.Burst(30), WaveShape.Paced(PacedPods, PacedRate)]
            : [WaveShape.Burst(30), WaveShape.Burst(100), WaveShape.Paced(PacedPods, PacedRate)];
        var idleWindow = options.Quick ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(60);
        var busyWindow = options.Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(20);

        var wharf = new List<Latencies>();
        var steps = new List<StartupSteps>();
        var floor = new List<Latencies>();
        var floorSteps = new List<string>();
        AgentFigures idle, loaded;
        double serverIdleRss;
        var part = Environment.GetEnvironmentVariable(PartVariable);
        if (part == "floor")
        {
            await using var floorOnly = await CriFloor.StartAsync(archives, ct);
            foreach (var wave in waves)
                await RunFloorWaveAsync(floorOnly, wave, floor, floorSteps, progress, ct);
            return 0;
        }
        await using (var node = await AgentServer.StartAsync(options.WharfDll, progress, ct))
        {
            await node.Client.CreateAsync(Resource.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } }, ct);
            await WaitForServiceAccountAsync(node.Client, ct);
            // What the control plane asks of itself while idle, so that the agent's share can be told apart below.
            var controlPlaneRequests = await RequestsPerMinuteAsync(node, idleWindow, ct);
            serverIdleRss = node.ReadServerMemory().RssMegabytes;
            progress.Say($"control plane alone: {controlPlaneRequests:F1} API requests/min, RSS {serverIdleRss:F0} MB");

            await node.JoinAgentAsync(options.WharfDll, archives, progress, ct);
            await Task.Delay(options.Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10), ct);
            idle = await AgentFigures.MeasureAsync(node, 0, idleWindow, controlPlaneRequests, ct);
            progress.Say($"idle agent: {idle}; {node.ReadAgentRssParts()}");
            foreach (var trim in node.ReadAgentTrims())
                progress.Say($"  {trim}");
            if (part == "idle")
                return 0;
            // A few pods first, untimed: the first pods on a fresh agent and control plane pay for JIT compilation of
            // every path they take, which says nothing about a node that has been up for a while.
            await PodWave.RunAsync(node.Client, "warm-", WaveShape.Burst(WarmUpPods), WaveLimit, new StartupBreakdown(), ct);
            await DeleteAllAsync(node, ct);
            loaded = idle;
            // The floor's containerd runs beside the agent's from here on, and each wave runs on the floor right before
            // it runs through Wharf: on a shared machine the load moves within minutes, so only waves run side by side compare.
            await using var cri = await CriFloor.StartAsync(archives, ct);
            foreach (var wave in waves)
            {
                await RunFloorWaveAsync(cri, wave, floor, floorSteps, progress, ct);
                var count = wave.Pods;
                var breakdown = new StartupBreakdown();
                var serverCpu = node.ReadServerCpu();
                var agentCpu = node.ReadAgentCpu();
                var stepsBefore = await StartupSteps.ReadAsync(node, ct);
                var latencies = await PodWave.RunAsync(node.Client, wave.Prefix, wave, WaveLimit, breakdown, ct);
                var waveSteps = (await StartupSteps.ReadAsync(node, ct)).Minus(stepsBefore);
                wharf.Add(latencies);
                steps.Add(waveSteps);
                progress.Say($"wharf, {wave}: {latencies.Count}/{count} pods running, p50 {latencies.Median:F0} ms, p99 {latencies.Percentile(99):F0} ms; "
                    + $"CPU per pod: server {(node.ReadServerCpu() - serverCpu).TotalMilliseconds / count:F0} ms, agent {(node.ReadAgentCpu() - agentCpu).TotalMilliseconds / count:F0} ms; {breakdown}");
                progress.Say($"agent steps ({wave}): {waveSteps}");
                var figures = await AgentFigures.MeasureAsync(node, count, busyWindow, controlPlaneRequests, ct);
                progress.Say($"agent with {count} pods running: {figures}");
                // The table shows the agent with the most pods (the largest burst), not the last wave's.
                if (count > loaded.Pods)
                    loaded = figures;
                await DeleteAllAsync(node, ct);
            }
        }

        var table = new MarkdownTable("figure", "Wharf (API → Running)", "CRI floor", "ratio p50", "target", "verdict");
        for (var i = 0; i < waves.Length; i++)
        {
            var pods = waves[i].Pods;
            var w = wharf[i];
            var f = floor[i];
            var ratio = w.Median / Math.Max(1, f.Median);
            var p99Target = pods == 30 ? "p99 ≤ 1,500 ms; ≤ 1.3× floor" : "≤ 1.3× floor";
            var ok = w.Count == pods && ratio <= 1.3 && (pods != 30 || w.Percentile(99) <= 1500);
            table.Add($"{waves[i]}: p50 / p99", $"{w.Median:F0} / {w.Percentile(99):F0} ms ({w.Count}/{pods} running)",
                $"{f.Median:F0} / {f.Percentile(99):F0} ms", $"{ratio:F2}×", p99Target, ok ? "met" : "missed");
        }
        table.Add("agent RSS idle", $"{idle.RssMegabytes:F0} MB (PSS {idle.Smaps.PssMegabytes:F0}, private {idle.Smaps.PrivateMegabytes:F0}; {idle.Threads} threads; its containerd {idle.ContainerdMegabytes:F0} MB)", "", "", "≤ 80 MB",
            idle.RssMegabytes <= 80 ? "met" : "missed");
        table.Add($"agent RSS with {loaded.Pods} pods / peak", $"{loaded.RssMegabytes:F0} / {loaded.PeakRssMegabytes:F0} MB (PSS {loaded.Smaps.PssMegabytes:F0}, private {loaded.Smaps.PrivateMegabytes:F0}; {loaded.Threads} threads; containerd {loaded.ContainerdMegabytes:F0} MB)", "", "", "", "");
        table.Add("idle agent: API requests / CPU per minute", $"{idle.RequestsPerMinute:F1} / {idle.CpuMillisecondsPerMinute:F0} ms", "", "", "", "");
        table.Add($"agent with {loaded.Pods} pods: API requests / CPU per minute", $"{loaded.RequestsPerMinute:F1} / {loaded.CpuMillisecondsPerMinute:F0} ms", "", "", "", "");
        table.Add("control plane RSS idle (--disable-agent)", $"{serverIdleRss:F0} MB", "", "", "", "");
        Console.WriteLine($"## Pod startup (busybox pods: {string.Join(", then ", waves.Select(w => w.ToString()))}; bursts with 8 creates in flight; `wharf server --disable-agent` + a joined `wharf agent` vs raw CRI on its own containerd, each wave shaped the same for both and run on the floor right before Wharf)");
        Console.WriteLine();
        table.WriteTo(Console.Out);
        Console.WriteLine();
        for (var i = 0; i < waves.Length; i++)
            Console.WriteLine($"Agent steps, {waves[i]} (mean ms per pod): {steps[i]}; CRI floor's calls: {floorSteps[i]}");
        Console.WriteLine();
        Console.WriteLine($"Load average {loadAtStart} at the start, {MachineInfo.LoadAverage()} at the end, on {Environment.ProcessorCount} cores.");
        // Targets are goals, not gates (as in the other benchmarks): a miss is in the table, not in the exit code.
        return 0;
    }

    /// <summary>One wave on the CRI floor, then its sandboxes removed so that the next wave (either side) starts from an empty runtime.</summary>
    private static async Task RunFloorWaveAsync(CriFloor cri, WaveShape wave, List<Latencies> floor, List<string> floorSteps, Progress progress, CancellationToken ct)
    {
        var (latencies, waveSteps) = await cri.RunAsync("f" + wave.Prefix, wave, ct);
        floor.Add(latencies);
        floorSteps.Add(waveSteps);
        progress.Say($"CRI floor, {wave}: p50 {latencies.Median:F0} ms, p99 {latencies.Percentile(99):F0} ms; calls {waveSteps}");
        await cri.ClearAsync(ct);
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
    }

    private static async Task<double> RequestsPerMinuteAsync(AgentServer node, TimeSpan window, CancellationToken ct)
    {
        var before = await node.ReadApiRequestCountAsync(ct);
        await Task.Delay(window, ct);
        // The metrics read itself is one request.
        return (await node.ReadApiRequestCountAsync(ct) - before - 1) / window.TotalMinutes;
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

    private static async Task DeleteAllAsync(AgentServer node, CancellationToken ct)
    {
        var client = node.Client;
        await client.DeleteCollectionAsync(Resource.Pods, Namespace, null, new DeleteOptions { GracePeriodSeconds = 0 }, ct);
        for (var i = 0; i < 600; i++)
        {
            if ((await client.ListAsync(Resource.Pods, Namespace, null, ct))["items"] is not JsonArray { Count: > 0 })
                break;
            await Task.Delay(100, ct);
        }
        // Sandboxes go down after the API objects: the next wave starts when the runtime is empty, and a moment later.
        await node.WaitForNoSandboxesAsync(TimeSpan.FromSeconds(120), ct);
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
    }
}
