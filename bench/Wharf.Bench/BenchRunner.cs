using dotnet_etcd;
using Grpc.Core;
using Wharf.Bench.Processes;
using Wharf.Bench.Reporting;
using Wharf.Bench.Scenarios;

namespace Wharf.Bench;

/// <summary>
/// Runs the scenarios in a fixed order against processes it starts and stops itself: cold starts (fresh server
/// each), then one long-lived server (idle RSS, fill, GET, LIST, watch, writes), then etcd alone for the same
/// writes, so the two never compete for the CPU.
/// </summary>
internal sealed class BenchRunner(BenchOptions options, Progress progress)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public async Task<BenchFigures> RunAsync(CancellationToken ct)
    {
        if (!File.Exists(options.WharfDll))
            throw new FileNotFoundException($"{options.WharfDll} not found: build src/Wharf in Release first (scripts/bench.sh does)");

        var coldStarts = await new ColdStartScenario(options.WharfDll, progress).RunAsync(options.ColdStartRuns, ct);

        progress.Say("starting the server under test");
        await using var server = await WharfServerProcess.StartAsync(options.WharfDll, ct);
        await Task.Delay(options.IdleSettle, ct);
        var idle = server.ReadMemory();
        progress.Say($"idle RSS {idle.RssMegabytes:F0} MB (pid {server.ProcessId})");

        using var api = server.Connect(RequestTimeout);
        var reads = new ReadScenario(api, server.ProcessId, progress);
        var fill = await reads.FillAsync(options.ListedObjects, ct);
        await Task.Delay(options.IdleSettle, ct);
        var filled = server.ReadMemory();
        progress.Say($"RSS with {options.ListedObjects:N0} objects {filled.RssMegabytes:F0} MB");
        var gets = await reads.GetAsync(options.ListedObjects, options.GetSamples, ct);
        var lists = await reads.ListAsync(options.ListedObjects, options.ListSamples, ct);
        var afterLists = server.ReadMemory();

        var watch = await new WatchFanOutScenario(api, () => server.Connect(Timeout.InfiniteTimeSpan), progress)
            .RunAsync(options.Watchers, options.WatchWrites, options.WatchWriteSpacing, ct);

        var wharfWrites = await new WriteScenario(new WharfWriteTarget(api), server.ProcessId, progress)
            .RunAsync(options.ClientCounts, options.WritePhase, options.WarmUp, ct);
        var end = server.ReadMemory();
        await server.DisposeAsync(); // stopped before etcd starts, so the two never share the CPU

        var etcdWrites = await RunEtcdAsync(ct);
        return new BenchFigures(coldStarts, idle, options.ListedObjects, fill, filled, gets, lists, afterLists, watch,
            options.Watchers, wharfWrites, end, etcdWrites);
    }

    private async Task<IReadOnlyList<WriteFigures>> RunEtcdAsync(CancellationToken ct)
    {
        progress.Say("starting etcd (yardstick)");
        await using var etcdProcess = await EtcdProcess.StartAsync(options.EtcdBinary, ct);
        using var etcd = new EtcdClient(etcdProcess.ClientUrl, configureChannelOptions: o => o.Credentials = ChannelCredentials.Insecure);
        return await new WriteScenario(new EtcdWriteTarget(etcd), etcdProcess.ProcessId, progress)
            .RunAsync(options.ClientCounts, options.WritePhase, options.WarmUp, ct);
    }
}
