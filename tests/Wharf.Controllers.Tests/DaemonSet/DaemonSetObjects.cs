using System.Text.Json.Nodes;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.DaemonSet;

/// <summary>Builders of DaemonSets, nodes and taints for the DaemonSet tests.</summary>
internal static class DaemonSetObjects
{
    public static JsonObject DaemonSet(string ns, string name, string app, string image = "nginx:1.27", JsonObject? updateStrategy = null) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["generation"] = 1 },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
            ["template"] = Workloads.Template(app, image),
            ["updateStrategy"] = updateStrategy ?? new JsonObject { ["type"] = "RollingUpdate" },
        },
    };

    public static JsonObject Rolling(JsonNode maxUnavailable, JsonNode maxSurge) => new()
    {
        ["type"] = "RollingUpdate",
        ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = maxUnavailable, ["maxSurge"] = maxSurge },
    };

    public static JsonObject Node(string name, JsonObject? labels = null, params JsonObject[] taints)
    {
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels ?? new JsonObject { ["kubernetes.io/hostname"] = name } },
            ["spec"] = new JsonObject(),
        };
        if (taints.Length > 0) node["spec"]!["taints"] = new JsonArray(taints.Select(t => (JsonNode)t.DeepClone()).ToArray());
        return node;
    }

    public static JsonObject Taint(string key, string effect, string? value = null)
    {
        var taint = new JsonObject { ["key"] = key, ["effect"] = effect };
        if (value is not null) taint["value"] = value;
        return taint;
    }

    public static JsonObject Toleration(string key, string op, string? effect = null, string? value = null, long? seconds = null)
    {
        var toleration = new JsonObject { ["key"] = key, ["operator"] = op };
        if (effect is not null) toleration["effect"] = effect;
        if (value is not null) toleration["value"] = value;
        if (seconds is not null) toleration["tolerationSeconds"] = seconds;
        return toleration;
    }
}
