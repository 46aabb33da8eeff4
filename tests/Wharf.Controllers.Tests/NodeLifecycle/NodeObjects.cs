using System.Text.Json.Nodes;

namespace Wharf.Controllers.Tests.NodeLifecycle;

/// <summary>Builders of nodes, leases and bound pods for the node controllers' tests.</summary>
internal static class NodeObjects
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>A node whose conditions are given as "Type=Status" pairs, all with the same heartbeat.</summary>
    public static JsonObject Node(string name, string heartbeat = "2026-01-01T00:00:00Z", bool unschedulable = false, JsonArray? taints = null,
        params string[] conditions) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = "2026-01-01T00:00:00Z" },
        ["spec"] = new JsonObject { ["unschedulable"] = unschedulable, ["taints"] = taints ?? [] },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray([.. conditions.Select(c => (JsonNode)Condition(c.Split('=')[0], c.Split('=')[1], heartbeat))]),
        },
    };

    public static JsonObject Condition(string type, string status, string heartbeat) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastHeartbeatTime"] = heartbeat,
        ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
        ["reason"] = "Kubelet" + type,
    };

    public static JsonObject Lease(string node, string renewTime) => new()
    {
        ["apiVersion"] = "coordination.k8s.io/v1",
        ["kind"] = "Lease",
        ["metadata"] = new JsonObject { ["name"] = node, ["namespace"] = "kube-node-lease" },
        ["spec"] = new JsonObject { ["holderIdentity"] = node, ["leaseDurationSeconds"] = 40, ["renewTime"] = renewTime },
    };

    public static JsonObject Taint(string key, string effect, string? value = null)
    {
        var taint = new JsonObject { ["key"] = key, ["effect"] = effect };
        if (value is not null) taint["value"] = value;
        return taint;
    }

    /// <summary>A pod on <paramref name="node"/> with tolerations written as JSON, Ready=True.</summary>
    public static JsonObject Pod(string ns, string name, string? node, string tolerations = "[]", string app = "app") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = node,
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "nginx:1.27" }),
            ["tolerations"] = JsonNode.Parse(tolerations),
        },
    };
}
