using System.Diagnostics;
using Wharf.Bench.Measurement;
using Wharf.Bench.Processes;
using Wharf.Node.Cni;
using Wharf.Node.Containerd;
using Wharf.Node.Images;
using Wharf.Node.Runtime;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// The floor under pod startup: the same containerd build the agent supervises, started on its own data dir with a
/// bridge of its own (<see cref="Bridge"/>, a /24 outside the cluster's ranges), and per pod only
/// RunPodSandbox → CreateContainer → StartContainer, started as the wave's <see cref="WaveShape"/> says (a burst: all
/// at once, as the agent's one worker per pod starts them once the API has them; paced: each at its time). No API server, scheduler,
/// volumes, status posts or watches: what is left when everything Wharf adds is taken away.
/// </summary>
internal sealed class CriFloor : IAsyncDisposable
{
    private const string Bridge = "wbench0";
    private const string Subnet = "10.250.7.0/24";
    private const int Parallelism = 8;

    private readonly ScratchDirectory _scratch;
    private readonly ContainerdSupervisor _containerd;
    private readonly ContainerRuntime _runtime;

    private CriFloor(ScratchDirectory scratch, ContainerdSupervisor containerd)
    {
        _scratch = scratch;
        _containerd = containerd;
        _runtime = new ContainerRuntime(containerd.CreateClient());
    }

    public static async Task<CriFloor> StartAsync(IReadOnlyList<string> imageArchives, CancellationToken ct)
    {
        var scratch = new ScratchDirectory("crifloor");
        // WHARF_BENCH_RUNC=/usr/bin/crun: the floor's containerd runs containers with that OCI runtime instead of runc.
        var containerd = new ContainerdSupervisor(new ContainerdOptions { DataDir = scratch.Combine("data"), RuncBinary = Environment.GetEnvironmentVariable("WHARF_BENCH_RUNC") });
        var floor = new CriFloor(scratch, containerd);
        try
        {
            await containerd.StartAsync(ct);
            var importer = new ImageImporter(containerd.Address);
            foreach (var archive in imageArchives)
                await importer.ImportAsync(archive, ct);
            CniConfig.Write(new CniOptions
            {
                ConfDir = containerd.Options.CniConfDir,
                PodCidr = Subnet,
                IpamDataDir = scratch.Combine("data/cni-ipam"),
                NetworkName = "wbench",
                BridgeName = Bridge,
            });
            await Task.Delay(TimeSpan.FromSeconds(1), ct); // containerd picks up the conflist by watching its folder
            return floor;
        }
        catch
        {
            await floor.DisposeAsync();
            throw;
        }
    }

    /// <summary>The wave's latencies, and the mean of each CRI call per pod (to set beside the agent's steps of the same name).</summary>
    public async Task<(Latencies Latencies, string Steps)> RunAsync(string prefix, WaveShape shape, CancellationToken ct)
    {
        var latencies = new Latencies();
        long sandboxTicks = 0, createTicks = 0, startTicks = 0;
        await shape.RunAsync(shape.Pods, async (i, token) =>
        {
            var name = $"{prefix}{i:D3}";
            var sandbox = new PodSandboxSpec
            {
                Name = name,
                Namespace = "floor",
                Uid = Guid.NewGuid().ToString(),
                Hostname = name,
                LogDirectory = Path.Combine(_scratch.Path, "logs", name),
                Labels = new Dictionary<string, string> { ["bench"] = "floor" },
            };
            Directory.CreateDirectory(sandbox.LogDirectory);
            var start = Stopwatch.GetTimestamp();
            var id = await _runtime.RunPodSandboxAsync(sandbox, token);
            Interlocked.Add(ref sandboxTicks, Stopwatch.GetElapsedTime(start).Ticks);
            var created = Stopwatch.GetTimestamp();
            var container = await _runtime.CreateContainerAsync(id, sandbox,
                new ContainerSpec { Name = "main", Image = PodStartupBenchmark.Busybox, Command = ["sleep", "3600"] }, token);
            Interlocked.Add(ref createTicks, Stopwatch.GetElapsedTime(created).Ticks);
            var started = Stopwatch.GetTimestamp();
            await _runtime.StartContainerAsync(container, token);
            Interlocked.Add(ref startTicks, Stopwatch.GetElapsedTime(started).Ticks);
            latencies.AddElapsed(start);
        }, ct);
        double Mean(long ticks) => TimeSpan.FromTicks(ticks).TotalMilliseconds / Math.Max(1, latencies.Count);
        return (latencies, $"sandbox {Mean(sandboxTicks):F0} ms, create {Mean(createTicks):F0} ms, start {Mean(startTicks):F0} ms");
    }

    /// <summary>Stops and removes every sandbox (CNI DEL frees the addresses), so the next wave starts from nothing.</summary>
    public async Task ClearAsync(CancellationToken ct)
    {
        var sandboxes = await _runtime.ListPodSandboxesAsync(null, ct);
        await Parallel.ForEachAsync(sandboxes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (s, token) =>
        {
            foreach (var c in await _runtime.ListContainersAsync(s.Id, null, token))
            {
                await _runtime.StopContainerAsync(c.Id, TimeSpan.Zero, token);
                await _runtime.RemoveContainerAsync(c.Id, token);
            }
            await _runtime.StopPodSandboxAsync(s.Id, token);
            await _runtime.RemovePodSandboxAsync(s.Id, token);
        });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ClearAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or IOException or InvalidOperationException)
        {
        }
        await _containerd.DisposeAsync();
        var data = _scratch.Combine("data");
        await HostCommands.KillProcessesNamingAsync(data);
        await HostCommands.UnmountBelowAsync(_scratch.Path);
        await HostCommands.DeleteLinkAsync(Bridge);
        _scratch.Dispose();
    }
}
