using System.Diagnostics;
using System.Text.Json.Nodes;
using Wharf.Bench.Processes;
using Wharf.Bench.Reporting;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Rest;

namespace Wharf.Bench.Scheduler;

/// <summary>
/// <c>Wharf.Bench scheduler</c>: upstream scheduler_perf's workloads through a real API server. Each workload gets a
/// fresh <c>wharf server --disable-agent</c> (node-lifecycle controller off: hollow nodes renew no Lease) and its own
/// <c>wharf scheduler</c> process; the benchmark registers the nodes, creates the initial pods and waits until they
/// are bound, then creates the measured pods and reads the time of each binding from a pod watch.
/// </summary>
internal static class SchedulerBenchmark
{
    private const int CreateConcurrency = 16;
    private static readonly Resource PriorityClasses = new("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false);

    public static async Task<int> RunAsync(SchedulerBenchOptions options, CancellationToken ct)
    {
        var workloads = Workloads.All(options.Common.Quick)
            .Where(w => options.Workload is null || string.Equals(w.Name, options.Workload, StringComparison.OrdinalIgnoreCase)).ToList();
        if (workloads.Count == 0)
        {
            Console.Error.WriteLine($"unknown workload {options.Workload}; one of {string.Join(", ", Workloads.All(false).Select(w => w.Name))}");
            return 2;
        }
        var progress = new Progress();
        var loadAtStart = MachineInfo.LoadAverage();
        var table = new MarkdownTable("workload", "mode", "nodes / init / measured", "pods/s avg", "pods/s p50", "upstream threshold", "latency p50 / p99",
            "measured pods created in", "scheduler CPU per pod", "server CPU per pod", "scheduler RSS / peak", "server RSS", "load avg");
        var failed = false;
        foreach (var workload in workloads)
        {
            foreach (var mode in options.Modes)
            {
                var row = await RunWorkloadAsync(workload, mode, options, progress, ct);
                failed |= row.Failed;
                table.Add(row.Cells);
            }
        }
        var where = options.InServer ? "the server's built-in scheduler (scheduler figures are the whole server's)" : "a separate `wharf scheduler` process";
        Console.WriteLine($"## Scheduler ({(options.Common.Quick ? "quick: upstream's 500Nodes sizes" : "upstream's 5000Nodes sizes")}; {where}, through the API server)");
        Console.WriteLine();
        table.WriteTo(Console.Out);
        Console.WriteLine();
        Console.WriteLine("streaming: measured pods created by the benchmark while the scheduler runs; pods/s from the first create to the last binding, " +
            "latency create acknowledged -> binding seen; bounded by the slower of create path and scheduler.");
        Console.WriteLine("backlog: measured pods created while no scheduler runs, then a fresh `wharf scheduler` places them; pods/s and CPU from its " +
            "/readyz turning 200 (caches synced) to the last binding seen (the scheduler's own throughput), latency process start -> binding seen.");
        Console.WriteLine("warm backlog: as upstream's scheduler_perf, the scheduler that placed the initial pods places the measured ones: frozen (SIGSTOP) " +
            "while they are created, pods/s and CPU from its resume (SIGCONT) to the last binding seen, latency resume -> binding seen.");
        Console.WriteLine($"Load average at the start {loadAtStart}, at the end {MachineInfo.LoadAverage()} on {Environment.ProcessorCount} cores; pods created by {CreateConcurrency} concurrent clients in this process.");
        return failed ? 1 : 0;
    }

    private sealed record Row(string[] Cells, bool Failed);

    private static async Task<Row> RunWorkloadAsync(Workload workload, SchedulerBenchMode mode, SchedulerBenchOptions options, Progress progress, CancellationToken ct)
    {
        using var scratch = new ScratchDirectory("sched");
        // Upstream's scheduler_perf runs no controller manager; of ours, node lifecycle (hollow nodes renew no Lease) and
        // node IPAM (5,000 nodes exhaust the default /16 cluster CIDR's 256 node subnets, and the rest retry) would
        // only add work to the server that has nothing to do with scheduling.
        var serverArgs = new List<string> { "--kube-controller-manager-arg", "controllers=*,-node-lifecycle-controller,-node-ipam-controller" };
        if (!options.InServer && SchedulerProcess.HasFlag(options.Common.WharfDll, "server", "--disable-scheduler"))
            serverArgs.Add("--disable-scheduler");
        else if (!options.InServer)
        {
            var config = scratch.Combine("idle-scheduler.yaml");
            await File.WriteAllTextAsync(config, SchedulerProcess.IdleServerConfig, ct);
            serverArgs.AddRange(["--scheduler-config", config]);
        }
        await using var server = await WharfServerProcess.StartAsync(options.Common.WharfDll, serverArgs, ct);
        var scheduler = options.InServer ? null : SchedulerProcess.Start(options.Common.WharfDll, server.KubeconfigPath, scratch, workload.SchedulerConfig).Process;
        try
        {
            using var client = ApiClient.FromKubeconfig(server.KubeconfigPath);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var informers = new SharedInformerFactory(client);
            var watch = new BindingWatch(informers);
            informers.Start(stop.Token);
            await informers.WaitForCacheSyncAsync(ct);
            var load = OneMinuteLoad();

            var clock = Stopwatch.StartNew();
            await ForEachAsync(workload.Nodes, (i, token) => client.CreateAsync(Resource.Nodes, null, HollowNodeTemplate.Node(i, workload.Zones), token), ct);
            foreach (var ns in workload.Namespaces.Where(n => n != "default"))
                await client.CreateAsync(Resource.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, ct);
            if (workload.NeedsPriorityClasses)
            {
                await client.CreateAsync(PriorityClasses, null, PodTemplates.PriorityClass(PodTemplates.LowPriorityClass, 0), ct);
                await client.CreateAsync(PriorityClasses, null, PodTemplates.PriorityClass(PodTemplates.HighPriorityClass, 10), ct);
            }
            progress.Say($"{workload.Name} ({Label(mode)}): {workload.Nodes} nodes registered in {clock.Elapsed.TotalSeconds:F1} s");

            var limit = TimeSpan.FromMinutes(options.Common.Quick ? 2 : 6);
            var initCount = 0;
            for (var b = 0; b < workload.InitPods.Count; b++)
            {
                var batch = workload.InitPods[b];
                var names = Names($"init{b}", batch.Count);
                await CreatePodsAsync(client, watch, batch, names, ct);
                // Preemption's victims are deleted as the measured pods arrive, so only init pods are waited for.
                if (!await WaitBoundAsync(watch, batch.Namespace, names, limit, ct))
                    return Failure(workload, mode, $"initial pods not all bound within {limit.TotalMinutes} min");
                initCount += batch.Count;
            }
            progress.Say($"{workload.Name} ({Label(mode)}): {initCount} initial pods bound; creating {workload.MeasuredPods.Count} measured pods");

            var measured = workload.MeasuredPods;
            var measuredNames = Names("m", measured.Count);
            Measurement m;
            PodChurn? churn = null;
            try
            {
                if (mode == SchedulerBenchMode.Backlog)
                {
                    // The scheduler that placed the initial pods stops; the backlog waits for a fresh one.
                    await scheduler!.DisposeAsync();
                    scheduler = null;
                    var createStart = Stopwatch.GetTimestamp();
                    await CreatePodsAsync(client, watch, measured, measuredNames, ct);
                    var creating = Stopwatch.GetElapsedTime(createStart);
                    (scheduler, var endpoint) = SchedulerProcess.Start(options.Common.WharfDll, server.KubeconfigPath, scratch, workload.SchedulerConfig);
                    churn = PodChurn.Start(client, workload.Churn, Workload.ChurnInterval);
                    m = await MeasureBacklogAsync(watch, measured.Namespace, measuredNames, scheduler, endpoint, server.ProcessId, limit, ct);
                    m = m with { Creating = creating };
                }
                else if (mode == SchedulerBenchMode.WarmBacklog)
                {
                    UnixSignals.Send(scheduler!.Id, UnixSignals.SigStop);
                    try
                    {
                        var createStart = Stopwatch.GetTimestamp();
                        await CreatePodsAsync(client, watch, measured, measuredNames, ct);
                        var creating = Stopwatch.GetElapsedTime(createStart);
                        churn = PodChurn.Start(client, workload.Churn, Workload.ChurnInterval);
                        m = await MeasureResumedAsync(watch, measured.Namespace, measuredNames, scheduler, server.ProcessId, limit, ct);
                        m = m with { Creating = creating };
                    }
                    finally
                    {
                        // Never left frozen (a stopped process would hold its SIGTERM until the grace period ends).
                        UnixSignals.Send(scheduler.Id, UnixSignals.SigCont);
                    }
                }
                else
                {
                    var schedulerPid = scheduler?.Id ?? server.ProcessId;
                    var cpuBefore = ProcessCpu.Read(schedulerPid);
                    var serverCpuBefore = ProcessCpu.Read(server.ProcessId);
                    var start = Stopwatch.GetTimestamp();
                    churn = PodChurn.Start(client, workload.Churn, Workload.ChurnInterval);
                    await CreatePodsAsync(client, watch, measured, measuredNames, ct);
                    var createdAll = Stopwatch.GetTimestamp();
                    var complete = await WaitBoundAsync(watch, measured.Namespace, measuredNames, limit, ct);
                    var figures = SchedulingFigures.From(start, createdAll,
                        [.. measuredNames.Select(n => (watch.CreatedAt(measured.Namespace, n) ?? start, watch.BoundAt(measured.Namespace, n)))]);
                    m = new Measurement(figures, complete, ProcessCpu.Read(schedulerPid) - cpuBefore, ProcessCpu.Read(server.ProcessId) - serverCpuBefore,
                        figures.Creating);
                }
            }
            finally
            {
                // Stopped also when the measurement throws, so no churn outlives its server.
                if (churn is not null) await churn.DisposeAsync();
            }
            if (churn is not null)
                progress.Say($"{workload.Name} ({Label(mode)}): {churn.Created} {workload.Churn!.Shape} pods churned in during the window" +
                    (churn.Failed > 0 ? $", {churn.Failed} creates failed" : ""));
            var schedulerMemory = ProcessMemory.Read(scheduler?.Id ?? server.ProcessId);
            var serverMemory = server.ReadMemory();
            load = $"{load} → {OneMinuteLoad()}";
            await stop.CancelAsync();
            await informers.ShutdownAsync();
            if (Environment.GetEnvironmentVariable("WHARF_BENCH_VERBOSE") is { Length: > 0 } && scheduler is not null)
                progress.Say($"{workload.Name}: scheduler output (tail):\n{scheduler.Output}");

            var f = m.Figures;
            progress.Say($"{workload.Name} ({Label(mode)}): {f.Bound}/{f.Measured} bound in {f.Window.TotalSeconds:F1} s ({f.Average:F0} pods/s)");
            var threshold = workload.UpstreamThreshold > 0 ? $"{workload.UpstreamThreshold:F0}" : "-";
            return new Row(
            [
                workload.Name,
                Label(mode),
                $"{workload.Nodes:N0} / {initCount:N0} / {measured.Count:N0}" + (m.Complete ? "" : $" ({f.Bound:N0} bound)"),
                $"{f.Average:F0}",
                $"{f.PerSecondMedian:F0}",
                threshold,
                $"{f.Latency.Median:F0} / {f.Latency.Percentile(99):F0} ms",
                $"{m.Creating.TotalSeconds:F1} s",
                Cpu(m.SchedulerCpu, f),
                Cpu(m.ServerCpu, f),
                $"{schedulerMemory.RssMegabytes:F0} / {schedulerMemory.PeakRssMegabytes:F0} MB",
                $"{serverMemory.RssMegabytes:F0} MB",
                load,
            ], !m.Complete);
        }
        finally
        {
            if (scheduler is not null) await scheduler.DisposeAsync();
        }
    }

    private sealed record Measurement(SchedulingFigures Figures, bool Complete, TimeSpan SchedulerCpu, TimeSpan ServerCpu, TimeSpan Creating);

    /// <summary>
    /// The fresh scheduler lists the cluster and starts on the backlog. The window (and the CPU read) opens when its
    /// /readyz first answers 200, i.e. when its informers have handed over the initial lists and the loop starts
    /// scheduling (process start, JIT of the start-up path and the initial list are not counted), and closes at the
    /// last binding seen. Builds without the endpoint fall back to the first binding seen. Latency is process start →
    /// binding seen.
    /// </summary>
    private static async Task<Measurement> MeasureBacklogAsync(BindingWatch watch, string ns, string[] names, ChildProcess scheduler, Uri? endpoint,
        int serverPid, TimeSpan limit, CancellationToken ct)
    {
        var schedulerPid = scheduler.Id;
        var started = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(2) };
        (long At, TimeSpan Scheduler, TimeSpan Server)? opened = null;
        var complete = false;
        while (clock.Elapsed < limit)
        {
            // A scheduler that dies leaves no /proc entry to read: say so with what it printed.
            if (scheduler.HasExited)
                throw new InvalidOperationException($"wharf scheduler exited during the backlog window:\n{scheduler.Output}");
            var bound = watch.CountBound(ns, names);
            if (opened is null && (bound > 0 || (endpoint is not null && await IsReadyAsync(http, ct))))
                opened = (Stopwatch.GetTimestamp(), ProcessCpu.Read(schedulerPid), ProcessCpu.Read(serverPid));
            if (bound >= names.Length) { complete = true; break; }
            await Task.Delay(opened is null ? 2 : 20, ct);
        }
        var schedulerCpu = ProcessCpu.Read(schedulerPid) - (opened?.Scheduler ?? TimeSpan.Zero);
        var serverCpu = ProcessCpu.Read(serverPid) - (opened?.Server ?? TimeSpan.Zero);
        var figures = SchedulingFigures.FromBacklog(started, opened?.At ?? started, [.. names.Select(n => watch.BoundAt(ns, n))]);
        return new Measurement(figures, complete, schedulerCpu, serverCpu, TimeSpan.Zero);
    }

    /// <summary>
    /// The frozen scheduler resumes on the backlog. The window (and the CPU read) opens at SIGCONT and closes at the
    /// last binding seen; latency is resume → binding seen.
    /// </summary>
    private static async Task<Measurement> MeasureResumedAsync(BindingWatch watch, string ns, string[] names, ChildProcess scheduler, int serverPid,
        TimeSpan limit, CancellationToken ct)
    {
        var (schedulerCpu, serverCpu) = (ProcessCpu.Read(scheduler.Id), ProcessCpu.Read(serverPid));
        var resumed = Stopwatch.GetTimestamp();
        UnixSignals.Send(scheduler.Id, UnixSignals.SigCont);
        var complete = await WaitBoundAsync(watch, ns, names, limit, ct);
        var figures = SchedulingFigures.FromBacklog(resumed, resumed, [.. names.Select(n => watch.BoundAt(ns, n))]);
        return new Measurement(figures, complete, ProcessCpu.Read(scheduler.Id) - schedulerCpu, ProcessCpu.Read(serverPid) - serverCpu, TimeSpan.Zero);
    }

    private static async Task<bool> IsReadyAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("readyz", ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; } // not listening yet
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return false; }
    }

    private static string OneMinuteLoad() => MachineInfo.LoadAverage().Split(' ')[0];

    private static string Label(SchedulerBenchMode mode) => mode switch
    {
        SchedulerBenchMode.Backlog => "backlog",
        SchedulerBenchMode.WarmBacklog => "warm backlog",
        _ => "streaming",
    };

    private static Row Failure(Workload workload, SchedulerBenchMode mode, string why) =>
        new([workload.Name, Label(mode), why, "", "", "", "", "", "", "", "", "", ""], true);

    /// <summary>CPU per bound pod over the measured window, the total, and the total as a share of one core.</summary>
    private static string Cpu(TimeSpan cpu, SchedulingFigures figures) =>
        $"{cpu.TotalMilliseconds / Math.Max(1, figures.Bound):F2} ms ({cpu.TotalSeconds:F1} s, {cpu.TotalSeconds / Math.Max(0.001, figures.Window.TotalSeconds) * 100:F0} %)";

    private static string[] Names(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i}")];

    private static Task CreatePodsAsync(IApiClient client, BindingWatch watch, PodBatch batch, string[] names, CancellationToken ct) =>
        ForEachAsync(names.Length, async (i, token) =>
        {
            await client.CreateAsync(Resource.Pods, batch.Namespace, PodTemplates.Pod(batch.Shape, names[i]), token);
            watch.Created(batch.Namespace, names[i]);
        }, ct);

    private static Task ForEachAsync(int count, Func<int, CancellationToken, Task> body, CancellationToken ct) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = CreateConcurrency, CancellationToken = ct },
            async (i, token) => await body(i, token));

    private static async Task<bool> WaitBoundAsync(BindingWatch watch, string ns, string[] names, TimeSpan limit, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (watch.CountBound(ns, names) >= names.Length) return true;
            await Task.Delay(20, ct);
        }
        return false;
    }
}
