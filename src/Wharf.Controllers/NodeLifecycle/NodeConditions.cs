using System.Text.Json.Nodes;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>Reading node status conditions.</summary>
public static class NodeConditions
{
    public const string Ready = "Ready";
    public const string MemoryPressure = "MemoryPressure";
    public const string DiskPressure = "DiskPressure";
    public const string PidPressure = "PIDPressure";
    public const string NetworkUnavailable = "NetworkUnavailable";

    /// <summary>The conditions the controller turns Unknown when the kubelet goes silent (upstream's list).</summary>
    public static readonly IReadOnlyList<string> Monitored = [Ready, MemoryPressure, DiskPressure, PidPressure];

    public static JsonObject? Find(JsonObject node, string type) =>
        node["status"]?["conditions"] is JsonArray list ? list.OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == type) : null;

    /// <summary>True, False or Unknown; null when the node has no such condition.</summary>
    public static string? Status(JsonObject node, string type) => Find(node, type)?["status"].Str();

    public static bool IsReady(JsonObject node) => Status(node, Ready) == "True";
}
