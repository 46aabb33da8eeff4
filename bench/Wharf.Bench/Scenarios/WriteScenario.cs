using Wharf.Bench.Measurement;

namespace Wharf.Bench.Scenarios;

/// <summary>
/// Creates/s then updates/s at each client count, against any <see cref="IWriteTarget"/>, so Wharf and the etcd
/// yardstick run exactly the same load. Each worker updates only objects it created itself: no conflicts.
/// </summary>
internal sealed class WriteScenario(IWriteTarget target, int serverPid, Progress progress)
{
    public Task<IReadOnlyList<WriteFigures>> RunAsync(IReadOnlyList<int> clientCounts, TimeSpan phase, TimeSpan warmUp, CancellationToken ct) =>
        RunAsync(clientCounts, phase, warmUp, warmUpClients: 4, ct);

    public async Task<IReadOnlyList<WriteFigures>> RunAsync(IReadOnlyList<int> clientCounts, TimeSpan phase, TimeSpan warmUp, int warmUpClients, CancellationToken ct)
    {
        progress.Say($"{target.Name}: warming up writes for {warmUp.TotalSeconds:F0}s");
        await RunAtAsync(warmUpClients, "warm-up", warmUp, ct);
        var figures = new List<WriteFigures>();
        foreach (var clients in clientCounts)
        {
            var result = await RunAtAsync(clients, $"writes-{clients}", phase, ct);
            progress.Say($"{target.Name}: {clients,2} clients: {result.Creates.PerSecond,8:F0} creates/s, {result.Updates.PerSecond,8:F0} updates/s; server CPU {result.CreateCpu.ServerMicrosecondsPer(result.Creates.Completed):F0}/{result.UpdateCpu.ServerMicrosecondsPer(result.Updates.Completed):F0} us per op, client {result.CreateCpu.BenchMicrosecondsPer(result.Creates.Completed):F0}/{result.UpdateCpu.BenchMicrosecondsPer(result.Updates.Completed):F0} us, machine {result.CreateCpu.MachineBusyPercent:F0}%/{result.UpdateCpu.MachineBusyPercent:F0}% busy"
                         + (result.AllocatedPerWrite is { } allocated ? $"; {allocated}" : "")
                         + (result.Creates.Failed + result.Updates.Failed > 0 ? $" ({result.Creates.Failed + result.Updates.Failed} failed: {result.Creates.FirstError ?? result.Updates.FirstError})" : ""));
            figures.Add(result);
        }
        return figures;
    }

    private int _phases;

    private async Task<WriteFigures> RunAtAsync(int clients, string space, TimeSpan phase, CancellationToken ct)
    {
        space = $"bench-{space}-{_phases++}"; // a fresh namespace per phase, also when a client count repeats
        await target.PrepareAsync(space, ct);
        var owned = Enumerable.Range(0, clients).Select(_ => new List<(string Name, string Version)>()).ToArray();

        var createTimeline = new OperationTimeline(clients);
        var allocatedBefore = await target.ServerAllocatedBytesAsync(ct);
        var cpu = CpuMeter.Start(serverPid);
        var creates = await LoadRunner.RunForAsync(clients, phase, (worker, sequence, token) => createTimeline.TimeAsync(worker, async () =>
        {
            var name = $"cm-{worker}-{sequence}";
            owned[worker].Add((name, await target.CreateAsync(space, name, token)));
        }), ct);

        var createCpu = cpu.Stop();
        var allocatedAfterCreates = await target.ServerAllocatedBytesAsync(ct);

        var updateTimeline = new OperationTimeline(clients);
        cpu = CpuMeter.Start(serverPid);
        var updates = await LoadRunner.RunForAsync(clients, phase, (worker, sequence, token) => updateTimeline.TimeAsync(worker, async () =>
        {
            var mine = owned[worker];
            var index = (int)(sequence % mine.Count);
            var (name, version) = mine[index];
            mine[index] = (name, await target.UpdateAsync(space, name, version, sequence + 1, token));
        }), ct);

        var updateCpu = cpu.Stop();
        var allocatedAfterUpdates = await target.ServerAllocatedBytesAsync(ct);
        return new WriteFigures(clients, creates, createCpu, updates, updateCpu, createTimeline.Summarise(), updateTimeline.Summarise(),
            allocatedAfterCreates - allocatedBefore, allocatedAfterUpdates - allocatedAfterCreates);
    }
}
