using System.Text.Json.Nodes;

namespace Wharf.Bench.Scheduler;

/// <summary>
/// Node objects only, shaped like scheduler_perf's node-default (4 CPU, 32Gi, 110 pods, Ready), labelled with a
/// zone round-robin when the workload has zones. Density's HollowNodes registers roomier nodes and runs kubelet
/// stand-ins; scheduler_perf runs none, so neither does this benchmark.
/// </summary>
internal static class HollowNodeTemplate
{
    public static JsonObject Node(int index, IReadOnlyList<string> zones)
    {
        var name = $"hollow-{index}";
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var labels = new JsonObject { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" };
        if (zones.Count > 0) labels["topology.kubernetes.io/zone"] = zones[index % zones.Count];
        var capacity = new JsonObject { ["cpu"] = "4", ["memory"] = "32Gi", ["pods"] = "110" };
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["status"] = new JsonObject
            {
                ["capacity"] = capacity,
                ["allocatable"] = capacity.DeepClone(),
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now,
                }),
                ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = "192.0.2.1" }),
            },
        };
    }
}
