using System.Text.Json.Nodes;

namespace Wharf.Scheduler.Tests.Hollow;

/// <summary>What a hollow node reports: capacity (= allocatable), labels, taints and whether it is cordoned.</summary>
internal sealed record HollowNodeSpec(string Name)
{
    public string Cpu { get; init; } = "4";
    public string Memory { get; init; } = "8Gi";
    public string Pods { get; init; } = "110";
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>(key, value, effect) triples.</summary>
    public IReadOnlyList<(string Key, string Value, string Effect)> Taints { get; init; } = [];

    public bool Unschedulable { get; init; }

    public JsonObject ToNode()
    {
        var labels = new JsonObject { ["kubernetes.io/hostname"] = Name, ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64" };
        foreach (var (k, v) in Labels) labels[k] = v;
        var resources = new JsonObject { ["cpu"] = Cpu, ["memory"] = Memory, ["pods"] = Pods };
        var spec = new JsonObject();
        if (Unschedulable) spec["unschedulable"] = true;
        if (Taints.Count > 0)
            spec["taints"] = new JsonArray([.. Taints.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value, ["effect"] = t.Effect })]);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = Name, ["labels"] = labels },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["message"] = "hollow node is ready" }),
                ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "v1.32.0", ["containerRuntimeVersion"] = "hollow://1.0", ["operatingSystem"] = "linux", ["architecture"] = "amd64" },
            },
        };
    }
}
