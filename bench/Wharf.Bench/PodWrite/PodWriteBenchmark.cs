using System.Text.Json.Nodes;
using Wharf.Bench.Measurement;
using Wharf.Bench.Processes;
using Wharf.Bench.Reporting;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Bench.PodWrite;

/// <summary>
/// <c>Wharf.Bench podwrite [--quick]</c>: what one pod write costs the API server, next to a ConfigMap create of about
/// the same stored size in the same run. A real <c>wharf server --disable-agent</c> without controllers (so that
/// nothing but these requests writes) takes, from 16 clients: ConfigMap creates, pod creates (a Deployment-like pod;
/// admission adds the service-account volume, priority and tolerations), pods/binding, and the kubelet's
/// pods/status merge patch. The phases run in rounds, interleaved, so that a change in machine load shows as spread
/// between rounds rather than as a difference between kinds. Figures: server CPU per write (from /proc) and rate.
/// </summary>
internal static class PodWriteBenchmark
{
    private const string Namespace = "podwrite";
    private const int Clients = 16;
    private const string HostIp = "192.0.2.10";

    private static readonly string[] Phases = ["ConfigMap create", "pod create", "pods/binding", "pods/status merge patch"];

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var (perRound, rounds) = options.Quick ? (500, 2) : (2_000, 3);
        var progress = new Progress();
        var loadAtStart = MachineInfo.LoadAverage();
        await using var server = await WharfServerProcess.StartAsync(options.WharfDll, ["--kube-controller-manager-arg", "controllers=-*"], ct);
        using var client = ApiClient.FromKubeconfig(server.KubeconfigPath);
        await client.CreateAsync(Resource.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } }, ct);
        // No controllers run: the ServiceAccount the pods' admission looks up is created here.
        await client.CreateAsync(Resource.ServiceAccounts, Namespace, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, ct);

        progress.Say("warming up (JIT, caches)");
        await RoundAsync(client, server.ProcessId, "warm", options.Quick ? 200 : 500, ct);
        var results = Phases.ToDictionary(p => p, _ => new List<CpuUsage>());
        for (var round = 0; round < rounds; round++)
        {
            progress.Say($"round {round + 1} of {rounds}: {perRound} writes per phase, {Clients} clients");
            foreach (var (phase, usage) in await RoundAsync(client, server.ProcessId, $"r{round}", perRound, ct))
                results[phase].Add(usage);
        }

        var table = new MarkdownTable("write (16 clients)", "server CPU per write, each round", "writes/s, each round", "× ConfigMap create");
        var yardstick = Median(results[Phases[0]].Select(u => u.Server.TotalMicroseconds / perRound));
        foreach (var phase in Phases)
        {
            var cpu = results[phase].Select(u => u.Server.TotalMicroseconds / perRound).ToList();
            table.Add(phase, string.Join(" / ", cpu.Select(c => $"{c:F0} µs")),
                string.Join(" / ", results[phase].Select(u => $"{perRound / u.Wall.TotalSeconds:F0}")),
                $"{Median(cpu) / yardstick:F2}");
        }
        Console.WriteLine($"## Pod write path ({rounds} rounds × {perRound:N0} writes per phase, {Clients} clients; `wharf server --disable-agent`, no controllers)");
        Console.WriteLine();
        table.WriteTo(Console.Out);
        Console.WriteLine();
        Console.WriteLine($"Load average at the start {loadAtStart}, at the end {MachineInfo.LoadAverage()} on {Environment.ProcessorCount} cores.");
        return 0;
    }

    /// <summary>One round: each phase over <paramref name="count"/> fresh objects, the pods created, bound, then running.</summary>
    private static async Task<List<(string Phase, CpuUsage Usage)>> RoundAsync(ApiClient client, int serverPid, string prefix, int count, CancellationToken ct)
    {
        var uids = new string[count];
        var usage = new List<(string, CpuUsage)>
        {
            (Phases[0], await MeasureAsync(serverPid, count, (i, token) =>
                client.CreateAsync(Resource.ConfigMaps, Namespace, PodWriteObjects.ConfigMap($"{prefix}-cm-{i}"), token), ct)),
            (Phases[1], await MeasureAsync(serverPid, count, async (i, token) =>
            {
                var created = await client.CreateAsync(Resource.Pods, Namespace, PodWriteObjects.Pod($"{prefix}-pod-{i}"), token);
                uids[i] = created["metadata"]!["uid"]!.GetValue<string>();
            }, ct)),
            (Phases[2], await MeasureAsync(serverPid, count, (i, token) =>
                client.CreateAsync(Resource.Pods with { Plural = $"pods/{prefix}-pod-{i}/binding" }, Namespace,
                    PodWriteObjects.Binding(Namespace, $"{prefix}-pod-{i}", uids[i], $"node-{i % 100}"), token), ct)),
            (Phases[3], await MeasureAsync(serverPid, count, (i, token) =>
                client.PatchAsync(Resource.Pods, Namespace, $"{prefix}-pod-{i}", PatchType.Merge,
                    PodWriteObjects.RunningStatus(i, HostIp, DateTime.UtcNow), new PatchOptions { Subresource = "status" }, token), ct)),
        };
        return usage;
    }

    /// <summary>Runs <paramref name="write"/> for indexes 0..count-1 from <see cref="Clients"/> workers; any failure fails the run.</summary>
    private static async Task<CpuUsage> MeasureAsync(int serverPid, int count, Func<int, CancellationToken, Task> write, CancellationToken ct)
    {
        var next = -1;
        var meter = CpuMeter.Start(serverPid);
        var result = await LoadRunner.RunCountAsync(Clients, count, (_, _, token) => write(Interlocked.Increment(ref next), token), ct);
        var usage = meter.Stop();
        if (result.Failed > 0)
            throw new InvalidOperationException($"{result.Failed} of {count} writes failed; first: {result.FirstError}");
        return usage;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
