using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Node.Agent.Stats;

/// <summary>
/// A stats round as the kubelet's /stats/summary (stats/v1alpha1 Summary): the JSON field names are upstream's, which
/// metrics-server and <c>kubectl get --raw</c> users read. Figures that are unknown are left out, as upstream's
/// optional pointers are.
/// </summary>
internal static class SummaryJson
{
    private static readonly string[] CpuAndMemoryKeys = ["nodeName", "systemContainers", "podRef", "name", "startTime", "cpu", "memory", "containers"];

    /// <summary>The summary; <paramref name="onlyCpuAndMemory"/> keeps just CPU and memory, as metrics-server asks.</summary>
    public static JsonObject Build(StatsSnapshot snapshot, bool onlyCpuAndMemory = false)
    {
        var node = Node(snapshot.Node);
        var pods = snapshot.Pods.Select(Pod).ToList();
        if (onlyCpuAndMemory)
        {
            KeepCpuAndMemory(node);
            foreach (var container in node["systemContainers"]!.AsArray().OfType<JsonObject>())
                KeepCpuAndMemory(container);
            foreach (var pod in pods)
            {
                KeepCpuAndMemory(pod);
                foreach (var container in pod["containers"]!.AsArray().OfType<JsonObject>())
                    KeepCpuAndMemory(container);
            }
        }
        return new JsonObject { ["node"] = node, ["pods"] = new JsonArray(pods.Select(p => (JsonNode)p).ToArray()) };
    }

    private static void KeepCpuAndMemory(JsonObject json)
    {
        foreach (var key in json.Select(p => p.Key).Where(k => !CpuAndMemoryKeys.Contains(k)).ToList())
            json.Remove(key);
    }

    private static JsonObject Node(NodeStats node)
    {
        var json = new JsonObject
        {
            ["nodeName"] = node.NodeName,
            ["startTime"] = Time(node.StartTime),
            ["systemContainers"] = new JsonArray((node.SystemContainers ?? []).Select(c => (JsonNode)Container(c)).ToArray()),
            ["cpu"] = Cpu(node.Cpu),
            ["memory"] = Memory(node.Memory),
        };
        Add(json, "network", node.Network is { } n ? Network(n) : null);
        Add(json, "fs", node.Fs is { } fs ? Fs(fs) : null);
        if (node.ImageFs is { } imageFs)
            json["runtime"] = new JsonObject { ["imageFs"] = Fs(imageFs) };
        if (node.Rlimit is { } rlimit)
            json["rlimit"] = new JsonObject { ["time"] = Time(rlimit.Time), ["maxpid"] = rlimit.MaxPid, ["curproc"] = rlimit.CurrentProcesses };
        return json;
    }

    private static JsonObject Pod(PodStats pod)
    {
        var json = new JsonObject
        {
            ["podRef"] = new JsonObject { ["name"] = pod.Ref.Name, ["namespace"] = pod.Ref.Namespace, ["uid"] = pod.Ref.Uid },
            ["startTime"] = Time(pod.StartTime),
            ["containers"] = new JsonArray(pod.Containers.Select(c => (JsonNode)Container(c)).ToArray()),
        };
        Add(json, "cpu", pod.Cpu is { } cpu ? Cpu(cpu) : null);
        Add(json, "memory", pod.Memory is { } memory ? Memory(memory) : null);
        Add(json, "network", pod.Network is { } network ? Network(network) : null);
        if (pod.Volumes.Count > 0)
            json["volume"] = new JsonArray(pod.Volumes.Select(v => (JsonNode)Volume(v)).ToArray());
        Add(json, "ephemeral-storage", pod.EphemeralStorage is { } fs ? Fs(fs) : null);
        if (pod.ProcessCount is { } count)
            json["process_stats"] = new JsonObject { ["process_count"] = count };
        return json;
    }

    private static JsonObject Container(ContainerStats container)
    {
        var json = new JsonObject { ["name"] = container.Name, ["startTime"] = Time(container.StartTime) };
        Add(json, "cpu", container.Cpu is { } cpu ? Cpu(cpu) : null);
        Add(json, "memory", container.Memory is { } memory ? Memory(memory) : null);
        Add(json, "rootfs", container.Rootfs is { } rootfs ? Fs(rootfs) : null);
        Add(json, "logs", container.Logs is { } logs ? Fs(logs) : null);
        return json;
    }

    private static JsonObject Cpu(CpuStats cpu)
    {
        var json = new JsonObject { ["time"] = Time(cpu.Time) };
        Add(json, "usageNanoCores", cpu.UsageNanoCores);
        json["usageCoreNanoSeconds"] = cpu.UsageCoreNanoSeconds;
        return json;
    }

    private static JsonObject Memory(MemoryStats memory)
    {
        var json = new JsonObject { ["time"] = Time(memory.Time) };
        Add(json, "availableBytes", memory.AvailableBytes);
        json["usageBytes"] = memory.UsageBytes;
        json["workingSetBytes"] = memory.WorkingSetBytes;
        json["rssBytes"] = memory.RssBytes;
        json["pageFaults"] = memory.PageFaults;
        json["majorPageFaults"] = memory.MajorPageFaults;
        return json;
    }

    private static JsonObject Network(NetworkStats network)
    {
        var json = new JsonObject { ["time"] = Time(network.Time) };
        if (network.Default is { } main)
            foreach (var (key, value) in Interface(main).ToList())
                json[key] = value?.DeepClone();
        json["interfaces"] = new JsonArray(network.Interfaces.Select(i => (JsonNode)Interface(i)).ToArray());
        return json;
    }

    private static JsonObject Interface(InterfaceStats i) => new()
    {
        ["name"] = i.Name,
        ["rxBytes"] = i.RxBytes,
        ["rxErrors"] = i.RxErrors,
        ["txBytes"] = i.TxBytes,
        ["txErrors"] = i.TxErrors,
    };

    private static JsonObject Volume(VolumeStats volume)
    {
        var json = Fs(volume.Fs);
        json["name"] = volume.Name;
        return json;
    }

    private static JsonObject Fs(FsStats fs)
    {
        var json = new JsonObject { ["time"] = Time(fs.Time) };
        Add(json, "availableBytes", fs.AvailableBytes);
        Add(json, "capacityBytes", fs.CapacityBytes);
        Add(json, "usedBytes", fs.UsedBytes);
        Add(json, "inodesFree", fs.InodesFree);
        Add(json, "inodes", fs.Inodes);
        Add(json, "inodesUsed", fs.InodesUsed);
        return json;
    }

    private static void Add(JsonObject json, string key, JsonNode? value)
    {
        if (value is not null) json[key] = value;
    }

    private static void Add(JsonObject json, string key, ulong? value)
    {
        if (value is { } v) json[key] = v;
    }

    /// <summary>metav1.Time: RFC 3339 in UTC, whole seconds.</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
