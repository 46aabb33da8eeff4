using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>Sets a pod condition, moving lastTransitionTime only when the status changes (as podutil does).</summary>
public static class PodConditions
{
    public static void Set(JsonObject pod, string type, string status, string? reason, string? message, DateTimeOffset? now = null)
    {
        var conditions = pod.Obj("status")["conditions"] as JsonArray;
        if (conditions is null)
        {
            conditions = new JsonArray();
            pod.Obj("status")["conditions"] = conditions;
        }
        var timestamp = Rest.ResourceStore.Timestamp(now ?? DateTimeOffset.UtcNow);
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);
        if (existing is null)
        {
            existing = new JsonObject { ["type"] = type };
            conditions.Add(existing);
        }
        if (existing.Str("status") != status)
            existing["lastTransitionTime"] = timestamp;
        existing["status"] = status;
        existing["lastProbeTime"] = null;
        if (reason is null) existing.Remove("reason"); else existing["reason"] = reason;
        if (message is null) existing.Remove("message"); else existing["message"] = message;
    }
}
