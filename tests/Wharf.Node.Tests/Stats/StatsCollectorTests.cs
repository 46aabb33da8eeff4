using Wharf.Node.Agent.Stats;
using Wharf.Node.Cri.V1;

namespace Wharf.Node.Tests.Stats;

public sealed class StatsCollectorTests : IDisposable
{
    private const string Uid = "0b5c1e2a-uid";
    private const string PodCgroup = "/kubepods/burstable/pod" + Uid;
    private readonly FakeTree _cgroups = new();
    private readonly FakeTree _proc = new();
    private readonly FakeTree _data = new();
    private readonly FakeRuntimeStats _runtime = new();
    private readonly ManualTime _time = new();

    public StatsCollectorTests()
    {
        _proc.Write("stat", "cpu  1000 0 500 90000 0 0 0 0 0 0\nbtime 1767225600\n")
            .Write("meminfo", "MemTotal: 4000000 kB\nMemFree: 1000000 kB\nAnonPages: 800000 kB\nInactive(file): 500000 kB\n")
            .Write("net/dev", "h|h\nh|h\n  ens3: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0\n wharf0: 7 1 0 0 0 0 0 0 8 1 0 0 0 0 0 0\n")
            .Write("net/route", "Iface\tDestination\tGateway\nwharf0\t0000F40A\t00000000\nens3\t00000000\t0101A8C0\n")
            .Write("sys/kernel/pid_max", "32768\n")
            .Write("4242/net/dev", "h|h\nh|h\n  eth0: 5000 10 1 0 0 0 0 0 3000 8 0 0 0 0 0 0\n");
        _cgroups.Write("cpuacct/kubepods/cpuacct.usage", "9000000000")
            .Write("memory/kubepods/memory.usage_in_bytes", "90000000")
            .Write("memory/kubepods/memory.stat", "total_inactive_file 10000000\n")
            .Write($"cpuacct{PodCgroup}/cpuacct.usage", "3000000000")
            .Write($"memory{PodCgroup}/memory.usage_in_bytes", "30000000")
            .Write($"memory{PodCgroup}/memory.stat", "total_inactive_file 4000000\ntotal_rss 20000000\n")
            .Write($"memory{PodCgroup}/sandbox-1/cgroup.procs", "4242\n")
            .Write($"cpuacct{PodCgroup}/ctr-b/cpuacct.usage", "700000000")
            .Write($"memory{PodCgroup}/ctr-b/memory.usage_in_bytes", "2000000")
            .Write($"memory{PodCgroup}/ctr-b/memory.stat", "total_inactive_file 500000\n")
            .Write($"pids{PodCgroup}/pids.current", "3");
        _data.Write($"pods/{Uid}/volumes/scratch/a.bin", new string('x', 4096))
            .Write($"logs/web_shop_{Uid}/app/0.log", new string('l', 100));

        _runtime.Sandboxes.Add(new PodSandbox
        {
            Id = "sandbox-1",
            CreatedAt = 1_767_225_700_000_000_000,
            Labels = { ["io.kubernetes.pod.name"] = "shop", ["io.kubernetes.pod.namespace"] = "web", ["io.kubernetes.pod.uid"] = Uid },
        });
        _runtime.Containers.Add(Container("ctr-a", "app", attempt: 0));
        _runtime.Containers.Add(Container("ctr-b", "sidecar", attempt: 1));
        _runtime.Stats["ctr-a"] = new Cri.V1.ContainerStats
        {
            Attributes = new ContainerAttributes { Id = "ctr-a" },
            Cpu = new CpuUsage { Timestamp = 0, UsageCoreNanoSeconds = new UInt64Value { Value = 2_000_000_000 } },
            Memory = new MemoryUsage { WorkingSetBytes = new UInt64Value { Value = 12_000_000 }, UsageBytes = new UInt64Value { Value = 15_000_000 } },
            WritableLayer = new FilesystemUsage { UsedBytes = new UInt64Value { Value = 8192 }, InodesUsed = new UInt64Value { Value = 3 } },
        };
    }

    [Fact]
    public async Task A_pod_gets_its_ref_cgroup_totals_sandbox_network_and_disk_use()
    {
        var pod = Assert.Single((await Collector().CollectAsync(CancellationToken.None)).Pods);

        Assert.Equal(new PodReference("shop", "web", Uid), pod.Ref);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_767_225_700), pod.StartTime);
        Assert.Equal(3_000_000_000UL, pod.Cpu!.UsageCoreNanoSeconds);
        Assert.Equal(26_000_000UL, pod.Memory!.WorkingSetBytes);
        Assert.Equal(new InterfaceStats("eth0", 5000, 1, 3000, 0), pod.Network!.Default);
        Assert.Equal(3UL, pod.ProcessCount);
        var volume = Assert.Single(pod.Volumes);
        Assert.Equal(("scratch", 4096UL), (volume.Name, volume.Fs.UsedBytes!.Value));
        // Writable layer 8192 + app's log 100 + the volume 4096.
        Assert.Equal(8192UL + 100 + 4096, pod.EphemeralStorage!.UsedBytes);
    }

    [Fact]
    public async Task Containers_take_cri_figures_and_fall_back_to_their_cgroup_where_cri_is_silent()
    {
        var pod = Assert.Single((await Collector().CollectAsync(CancellationToken.None)).Pods);

        Assert.Equal(["app", "sidecar"], pod.Containers.Select(c => c.Name));
        var app = pod.Containers[0];
        Assert.Equal((2_000_000_000UL, 12_000_000UL, 15_000_000UL), (app.Cpu!.UsageCoreNanoSeconds, app.Memory!.WorkingSetBytes, app.Memory.UsageBytes));
        Assert.Equal(8192UL, app.Rootfs!.UsedBytes);
        Assert.Equal(100UL, app.Logs!.UsedBytes);
        var sidecar = pod.Containers[1];
        Assert.Equal((700_000_000UL, 1_500_000UL), (sidecar.Cpu!.UsageCoreNanoSeconds, sidecar.Memory!.WorkingSetBytes));
        Assert.Null(sidecar.Rootfs);
    }

    [Fact]
    public async Task The_node_comes_from_proc_with_the_default_route_interface_first()
    {
        var node = (await Collector().CollectAsync(CancellationToken.None)).Node;

        Assert.Equal("n1", node.NodeName);
        Assert.Equal(15_000_000_000UL, node.Cpu.UsageCoreNanoSeconds);
        Assert.Equal(2_500_000UL * 1024, node.Memory.WorkingSetBytes);
        Assert.Equal("ens3", node.Network!.Default!.Name);
        Assert.Equal(2, node.Network.Interfaces.Count);
        Assert.Equal(32768, node.Rlimit!.MaxPid);
        Assert.Equal(1, node.Rlimit.CurrentProcesses);
        Assert.NotNull(node.Fs!.CapacityBytes);
        var pods = Assert.Single(node.SystemContainers!);
        Assert.Equal(("pods", 9_000_000_000UL, 80_000_000UL), (pods.Name, pods.Cpu!.UsageCoreNanoSeconds, pods.Memory!.WorkingSetBytes));
    }

    [Fact]
    public async Task Two_rounds_ten_seconds_apart_give_usage_nano_cores_from_the_cgroup_counters()
    {
        var sampler = new StatsSampler(Collector(), TimeSpan.FromSeconds(10), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, _time);
        await sampler.SampleAsync(CancellationToken.None);
        _time.Now += TimeSpan.FromSeconds(10);
        _cgroups.Write($"cpuacct{PodCgroup}/cpuacct.usage", "5500000000")
            .Write($"cpuacct{PodCgroup}/ctr-b/cpuacct.usage", "1700000000")
            .Write("cpuacct/kubepods/cpuacct.usage", "14000000000");
        _proc.Write("stat", "cpu  2000 0 1000 99000 0 0 0 0 0 0\n");

        var second = await sampler.SampleAsync(CancellationToken.None);

        var pod = second.Pods[0];
        Assert.Equal(250_000_000UL, pod.Cpu!.UsageNanoCores); // 2.5 s of CPU in 10 s
        Assert.Equal(100_000_000UL, pod.Containers[1].Cpu!.UsageNanoCores); // 1 s in 10 s
        Assert.Equal(1_500_000_000UL, second.Node.Cpu.UsageNanoCores); // 1500 ticks = 15 s in 10 s
        Assert.Equal(500_000_000UL, second.Node.SystemContainers![0].Cpu!.UsageNanoCores); // all pods: 5 s in 10 s
        Assert.Same(second, await sampler.LatestAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_samples_every_interval_until_cancelled_and_then_returns_quietly()
    {
        var sampler = new StatsSampler(Collector(TimeProvider.System), TimeSpan.FromMilliseconds(20), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = sampler.RunAsync(stop.Token);

        // The fake counters do not move, so a second round shows up as a rate of exactly zero.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await sampler.LatestAsync(CancellationToken.None)).Node.Cpu.UsageNanoCores is null && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        await stop.CancelAsync();
        await run;

        Assert.Equal(0UL, (await sampler.LatestAsync(CancellationToken.None)).Node.Cpu.UsageNanoCores);
    }

    [Fact]
    public async Task A_sandbox_without_pod_labels_or_metadata_is_skipped()
    {
        _runtime.Sandboxes.Add(new PodSandbox { Id = "stray" });

        var snapshot = await Collector().CollectAsync(CancellationToken.None);

        Assert.Equal(["shop"], snapshot.Pods.Select(p => p.Ref.Name));
    }

    private StatsCollector Collector(TimeProvider? time = null) => new(_runtime, new CgroupReader(_cgroups.Root), new HostReader(_proc.Root),
        new StatsOptions("n1", _data.Root, "/kubepods", Path.Combine(_data.Root, "pods"), Path.Combine(_data.Root, "logs")), time ?? _time);

    private static Container Container(string id, string name, uint attempt) => new()
    {
        Id = id,
        PodSandboxId = "sandbox-1",
        CreatedAt = 1_767_225_800_000_000_000,
        Metadata = new ContainerMetadata { Name = name, Attempt = attempt },
        State = ContainerState.ContainerRunning,
    };

    public void Dispose()
    {
        _cgroups.Dispose();
        _proc.Dispose();
        _data.Dispose();
    }
}
