using System.Text.Json.Nodes;
using Wharf.Node.Agent.Stats;

namespace Wharf.Node.Tests.Stats;

public sealed class SummaryJsonTests
{
    [Fact]
    public void Node_uses_upstreams_field_names_and_rfc3339_times()
    {
        var node = SummaryJson.Build(SampleSnapshot.Create())["node"]!;

        Assert.Equal("n1", (string)node["nodeName"]!);
        Assert.Equal("2026-01-02T00:00:00Z", (string)node["startTime"]!);
        Assert.Equal("""{"time":"2026-01-02T03:04:05Z","usageNanoCores":1250000000,"usageCoreNanoSeconds":90500000000}""", node["cpu"]!.ToJsonString());
        Assert.Equal("""{"time":"2026-01-02T03:04:05Z","availableBytes":6000,"usageBytes":3000,"workingSetBytes":2000,"rssBytes":1000,"pageFaults":5,"majorPageFaults":1}""",
            node["memory"]!.ToJsonString());
        Assert.Equal("ens3", (string)node["network"]!["name"]!);
        Assert.Equal(20UL, (ulong)node["network"]!["interfaces"]![0]!["txBytes"]!);
        Assert.Equal("""{"time":"2026-01-02T03:04:05Z","availableBytes":900,"capacityBytes":1000,"usedBytes":100,"inodesFree":40,"inodes":50,"inodesUsed":10}""",
            node["fs"]!.ToJsonString());
        Assert.Equal(300UL, (ulong)node["runtime"]!["imageFs"]!["usedBytes"]!);
        Assert.Equal(120L, (long)node["rlimit"]!["curproc"]!);
        Assert.Equal("pods", (string)node["systemContainers"]![0]!["name"]!);
        Assert.Equal(7_000UL, (ulong)node["systemContainers"]![0]!["memory"]!["workingSetBytes"]!);
    }

    [Fact]
    public void Pod_carries_ref_containers_volumes_ephemeral_storage_and_process_count()
    {
        var pod = SummaryJson.Build(SampleSnapshot.Create())["pods"]![0]!;

        Assert.Equal("""{"name":"shop","namespace":"web","uid":"u-1"}""", pod["podRef"]!.ToJsonString());
        Assert.Null(pod["cpu"]!["usageNanoCores"]); // no rate yet: left out, not zero
        Assert.Null(pod["network"]);
        var container = pod["containers"]![0]!;
        Assert.Equal("app", (string)container["name"]!);
        Assert.Equal(100_000_000UL, (ulong)container["cpu"]!["usageNanoCores"]!);
        Assert.Equal(8192UL, (ulong)container["rootfs"]!["usedBytes"]!);
        Assert.Equal(100UL, (ulong)container["logs"]!["usedBytes"]!);
        Assert.Equal("scratch", (string)pod["volume"]![0]!["name"]!);
        Assert.Equal(12388UL, (ulong)pod["ephemeral-storage"]!["usedBytes"]!);
        Assert.Equal(2UL, (ulong)pod["process_stats"]!["process_count"]!);
    }

    [Fact]
    public void Only_cpu_and_memory_drops_network_filesystems_and_volumes()
    {
        var summary = SummaryJson.Build(SampleSnapshot.Create(), onlyCpuAndMemory: true);

        Assert.Equal(["nodeName", "startTime", "systemContainers", "cpu", "memory"], Keys(summary["node"]!));
        Assert.Equal(["name", "startTime", "cpu", "memory"], Keys(summary["node"]!["systemContainers"]![0]!));
        Assert.Equal(["podRef", "startTime", "containers", "cpu", "memory"], Keys(summary["pods"]![0]!));
        Assert.Equal(["name", "startTime", "cpu", "memory"], Keys(summary["pods"]![0]!["containers"]![0]!));
    }

    private static List<string> Keys(JsonNode node) => node.AsObject().Select(p => p.Key).ToList();
}
