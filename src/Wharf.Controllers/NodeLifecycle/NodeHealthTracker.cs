using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>
/// Decides when a node's kubelet went silent (upstream's tryUpdateNodeHealth): a changed Ready heartbeat or a renewed
/// Lease in kube-node-lease is a sign of life; when none came for the grace period (the startup grace period for a
/// node that never posted Ready), Ready, MemoryPressure, DiskPressure and PIDPressure become Unknown.
/// </summary>
public sealed class NodeHealthTracker(TimeSpan gracePeriod, TimeSpan startupGracePeriod)
{
    public const string ReasonUnknown = "NodeStatusUnknown";
    public const string MessageUnknown = "Kubelet stopped posting node status.";
    public const string ReasonNeverUpdated = "NodeStatusNeverUpdated";
    public const string MessageNeverUpdated = "Kubelet never posted node status.";

    private readonly ConcurrentDictionary<string, NodeHealth> _health = new(StringComparer.Ordinal);

    public void Forget(string node) => _health.TryRemove(node, out _);

    public NodeHealthCheck Observe(JsonObject node, JsonObject? lease, DateTimeOffset now)
    {
        var name = ObjectMeta.Name(node)!;
        var created = JsonHelpers.ParseTime(node["metadata"]?["creationTimestamp"].Str()) ?? now;
        var ready = NodeConditions.Find(node, NodeConditions.Ready);
        var heartbeat = ready?["lastHeartbeatTime"].Str();
        var renewed = JsonHelpers.ParseTime(lease?["spec"]?["renewTime"].Str());
        var grace = ready is null ? startupGracePeriod : gracePeriod;

        _health.TryGetValue(name, out var saved);
        var probe = saved switch
        {
            // A node that never posted status counts from its creation; otherwise from when the controller first saw it.
            null => ready is null ? created : now,
            _ when saved.ReadyHeartbeat != heartbeat => now,
            _ => saved.ProbeTimestamp,
        };
        if (renewed is { } r && (saved?.LeaseRenewTime is not { } before || before < r)) probe = now;
        _health[name] = new NodeHealth(probe, heartbeat, renewed ?? saved?.LeaseRenewTime);

        var observed = ready?["status"].Str();
        if (now <= probe + grace) return new NodeHealthCheck(observed, observed, null);

        var conditions = node["status"]?["conditions"] is JsonArray existing ? (JsonArray)existing.DeepClone() : [];
        var changed = false;
        foreach (var type in NodeConditions.Monitored)
        {
            var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == type);
            if (condition is null)
            {
                conditions.Add(new JsonObject
                {
                    ["type"] = type,
                    ["status"] = "Unknown",
                    ["lastHeartbeatTime"] = JsonHelpers.Timestamp(created),
                    ["lastTransitionTime"] = JsonHelpers.Timestamp(now),
                    ["reason"] = ReasonNeverUpdated,
                    ["message"] = MessageNeverUpdated,
                });
                changed = true;
            }
            else if (condition["status"].Str() != "Unknown")
            {
                condition["status"] = "Unknown";
                condition["reason"] = ReasonUnknown;
                condition["message"] = MessageUnknown;
                condition["lastTransitionTime"] = JsonHelpers.Timestamp(now);
                changed = true;
            }
        }
        if (!changed) return new NodeHealthCheck(observed, "Unknown", null);
        // What the controller writes is not a sign of life: remember its Ready heartbeat so the next pass does not
        // take the written condition for a kubelet update.
        var written = conditions.OfType<JsonObject>().First(c => c["type"].Str() == NodeConditions.Ready)["lastHeartbeatTime"].Str();
        _health[name] = _health[name] with { ReadyHeartbeat = written };
        return new NodeHealthCheck(observed, "Unknown", conditions);
    }
}
