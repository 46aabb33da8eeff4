using System.Text.Json.Nodes;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>The taint keys the node controllers manage (upstream's well-known taints) and reading a node's taints.</summary>
public static class Taints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string OutOfService = "node.kubernetes.io/out-of-service";

    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>spec.taints of a node (empty when none).</summary>
    public static IReadOnlyList<JsonObject> Of(JsonObject node) =>
        node["spec"]?["taints"] is JsonArray taints ? taints.OfType<JsonObject>().ToList() : [];

    public static IReadOnlyList<JsonObject> NoExecuteOf(JsonObject node) =>
        Of(node).Where(t => t["effect"].Str() == NoExecute).ToList();

    public static bool Has(JsonObject node, string key, string effect) =>
        Of(node).Any(t => t["key"].Str() == key && t["effect"].Str() == effect);

    /// <summary>A taint as the controllers write it; NoExecute taints carry timeAdded as upstream's do.</summary>
    public static JsonObject New(string key, string effect, DateTimeOffset? added = null)
    {
        var taint = new JsonObject { ["key"] = key, ["effect"] = effect };
        if (added is { } t) taint["timeAdded"] = JsonHelpers.Timestamp(t);
        return taint;
    }
}
