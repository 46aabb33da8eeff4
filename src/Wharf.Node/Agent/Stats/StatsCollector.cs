using Wharf.Node.Agent.Pods;
using Wharf.Node.Cri.V1;
using Wharf.Node.Logs;

namespace Wharf.Node.Agent.Stats;

/// <summary>
/// One round of raw readings (cumulative CPU, no rates yet): the node from procfs and statvfs, each ready sandbox
/// as a pod with its containers. Container CPU, memory and writable layer come from CRI ListContainerStats; where
/// the runtime leaves a figure out, the container's cgroup is read instead. Pod totals come from the pod cgroup
/// (which accounts for all its containers), the pod network from the sandbox process's namespace, volumes and logs
/// from the agent's folders.
/// </summary>
internal sealed class StatsCollector(IRuntimeStatsSource runtime, CgroupReader cgroups, HostReader host, StatsOptions options, TimeProvider time)
{
    private static readonly string[] QosFolders = ["", "burstable", "besteffort"];

    public async Task<StatsSnapshot> CollectAsync(CancellationToken cancellationToken)
    {
        var errors = 0;
        var now = time.GetUtcNow();
        var sandboxes = await runtime.ReadySandboxesAsync(cancellationToken);
        var containers = await runtime.RunningContainersAsync(cancellationToken);
        IReadOnlyDictionary<string, Cri.V1.ContainerStats> criStats;
        try
        {
            criStats = await runtime.ContainerStatsAsync(cancellationToken);
        }
        catch (Grpc.Core.RpcException)
        {
            criStats = new Dictionary<string, Cri.V1.ContainerStats>();
            errors++;
        }
        FilesystemUsage? imageFs = null;
        try
        {
            imageFs = await runtime.ImageFsAsync(cancellationToken);
        }
        catch (Grpc.Core.RpcException)
        {
            errors++;
        }

        var pods = new List<PodStats>();
        foreach (var sandbox in sandboxes)
        {
            if (PodOf(sandbox) is not { } pod) continue;
            var mine = containers.Where(c => c.PodSandboxId == sandbox.Id).ToList();
            pods.Add(Pod(pod, sandbox, mine, criStats, now));
        }
        return new StatsSnapshot(Node(now, imageFs), pods, errors);
    }

    private NodeStats Node(DateTimeOffset now, FilesystemUsage? imageFs)
    {
        var boot = host.BootTime();
        return new(options.NodeName, boot, host.Cpu(now), host.Memory(now), host.Network(now),
            FilesystemInfo.Of(options.DataDirectory, now), ImageFs(imageFs, now), host.Rlimit(now), SystemContainers(boot, now));
    }

    /// <summary>The "pods" system container: the cgroup every pod cgroup sits under, as upstream reports it.</summary>
    private List<ContainerStats> SystemContainers(DateTimeOffset boot, DateTimeOffset now)
    {
        var root = "/" + options.CgroupRoot.Trim('/');
        return cgroups.Exists(root) ? [new ContainerStats("pods", root, boot, cgroups.Cpu(root, now), cgroups.Memory(root, now), null, null)] : [];
    }

    private static FsStats? ImageFs(FilesystemUsage? usage, DateTimeOffset now)
    {
        if (usage is null) return null;
        var fs = usage.FsId?.Mountpoint is { Length: > 0 } mount ? FilesystemInfo.Of(mount, now) : null;
        return new FsStats(now, usage.UsedBytes?.Value, fs?.CapacityBytes, fs?.AvailableBytes, fs?.Inodes, fs?.InodesFree, usage.InodesUsed?.Value);
    }

    private PodStats Pod(PodReference pod, PodSandbox sandbox, IReadOnlyList<Container> containers,
        IReadOnlyDictionary<string, Cri.V1.ContainerStats> criStats, DateTimeOffset now)
    {
        var podCgroup = PodCgroup(pod.Uid);
        var logDirectory = PodLogPaths.PodDirectory(options.PodLogDirectory, pod.Namespace, pod.Name, pod.Uid);
        var containerStats = containers
            .Where(c => c.Metadata is not null)
            .GroupBy(c => c.Metadata.Name)
            .Select(g => g.OrderByDescending(c => c.Metadata.Attempt).First())
            .Select(c => Container(c, criStats.GetValueOrDefault(c.Id), podCgroup, logDirectory, now))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var volumes = Volumes(pod.Uid, now);
        var network = podCgroup is not null && cgroups.FirstProcess($"{podCgroup}/{sandbox.Id}") is { } pid ? host.NetworkOf(pid, now) : null;
        return new PodStats(pod, FromNanos(sandbox.CreatedAt),
            podCgroup is null ? null : cgroups.Cpu(podCgroup, now),
            podCgroup is null ? null : cgroups.Memory(podCgroup, now),
            network, containerStats, volumes, EphemeralStorage(containerStats, volumes, now),
            podCgroup is null ? null : cgroups.ProcessCount(podCgroup));
    }

    private ContainerStats Container(Container container, Cri.V1.ContainerStats? cri, string? podCgroup, string logDirectory, DateTimeOffset now)
    {
        var cgroup = podCgroup is null ? null : $"{podCgroup}/{container.Id}";
        var cpu = cri?.Cpu?.UsageCoreNanoSeconds is { } usage
            ? new CpuStats(Time(cri.Cpu.Timestamp, now), usage.Value)
            : cgroup is null ? null : cgroups.Cpu(cgroup, now);
        var memory = cri?.Memory?.WorkingSetBytes is { } workingSet
            ? new MemoryStats(Time(cri.Memory.Timestamp, now), cri.Memory.UsageBytes?.Value ?? workingSet.Value, workingSet.Value,
                cri.Memory.RssBytes?.Value ?? 0, cri.Memory.PageFaults?.Value ?? 0, cri.Memory.MajorPageFaults?.Value ?? 0, cri.Memory.AvailableBytes?.Value)
            : cgroup is null ? null : cgroups.Memory(cgroup, now);
        var rootfs = cri?.WritableLayer is { } layer ? WritableLayer(layer, now) : null;
        var logs = DiskUsage.Of(Path.Combine(logDirectory, container.Metadata.Name), now);
        return new ContainerStats(container.Metadata.Name, container.Id, FromNanos(container.CreatedAt), cpu, memory, rootfs, logs);
    }

    private static FsStats WritableLayer(FilesystemUsage layer, DateTimeOffset now)
    {
        var fs = layer.FsId?.Mountpoint is { Length: > 0 } mount ? FilesystemInfo.Of(mount, now) : null;
        return new FsStats(Time(layer.Timestamp, now), layer.UsedBytes?.Value, fs?.CapacityBytes, fs?.AvailableBytes, fs?.Inodes, fs?.InodesFree, layer.InodesUsed?.Value);
    }

    private List<VolumeStats> Volumes(string uid, DateTimeOffset now)
    {
        var folder = Path.Combine(options.PodsDirectory, uid, "volumes");
        if (!Directory.Exists(folder)) return [];
        return Directory.GetDirectories(folder)
            .Select(d => DiskUsage.Of(d, now) is { } fs ? new VolumeStats(Path.GetFileName(d), fs) : null)
            .OfType<VolumeStats>()
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>What the pod writes to the node's disk: containers' writable layers and logs, plus its volumes.</summary>
    private static FsStats EphemeralStorage(IReadOnlyList<ContainerStats> containers, IReadOnlyList<VolumeStats> volumes, DateTimeOffset now)
    {
        ulong bytes = 0, inodes = 0;
        foreach (var fs in containers.SelectMany(c => new[] { c.Rootfs, c.Logs }).Concat(volumes.Select(v => v.Fs)).OfType<FsStats>())
        {
            bytes += fs.UsedBytes ?? 0;
            inodes += fs.InodesUsed ?? 0;
        }
        return new FsStats(now, bytes, InodesUsed: inodes);
    }

    /// <summary>The pod cgroup under whichever QoS folder the pod worker chose (the QoS class is not on the sandbox).</summary>
    private string? PodCgroup(string uid)
    {
        var root = "/" + options.CgroupRoot.Trim('/');
        return QosFolders.Select(q => q.Length == 0 ? $"{root}/pod{uid}" : $"{root}/{q}/pod{uid}").FirstOrDefault(cgroups.Exists);
    }

    private static PodReference? PodOf(PodSandbox sandbox)
    {
        var labels = sandbox.Labels;
        var name = labels.GetValueOrDefault(PodLabels.PodName) ?? sandbox.Metadata?.Name;
        var ns = labels.GetValueOrDefault(PodLabels.PodNamespace) ?? sandbox.Metadata?.Namespace;
        var uid = labels.GetValueOrDefault(PodLabels.PodUid) ?? sandbox.Metadata?.Uid;
        return name is null || ns is null || uid is null ? null : new PodReference(name, ns, uid);
    }

    private static DateTimeOffset Time(long nanos, DateTimeOffset fallback) => nanos > 0 ? FromNanos(nanos) : fallback;

    private static DateTimeOffset FromNanos(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);
}
