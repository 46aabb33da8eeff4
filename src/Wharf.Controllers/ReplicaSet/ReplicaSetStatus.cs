using System.Text.Json.Nodes;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.ReplicaSet;

/// <summary>
/// Computes a ReplicaSet's (or ReplicationController's) status from its claimed active pods (upstream's
/// calculateStatus), reading the informer's JSON: a pass runs for every pod event, and typed copies of all the
/// ReplicaSet's pods per pass were most of its cost.
/// </summary>
internal static class ReplicaSetStatus
{
    public const string ReplicaFailure = "ReplicaFailure";
    public const string FailedCreate = "FailedCreate";
    public const string FailedDelete = "FailedDelete";

    /// <param name="manageError">The failure of this pass's creates or deletes, if any; sets or clears ReplicaFailure.</param>
    /// <param name="wantedMore">Whether the failed pass was creating (FailedCreate) or deleting (FailedDelete).</param>
    public static JsonObject Calculate(JsonObject rs, IReadOnlyList<JsonObject> pods, Exception? manageError, bool wantedMore, DateTimeOffset now)
    {
        var templateLabels = rs["spec"]?["template"]?["metadata"]?["labels"] as JsonObject;
        var minReadySeconds = Spec.Int(rs, "minReadySeconds", 0);
        int fullyLabeled = 0, ready = 0, available = 0;
        foreach (var pod in pods)
        {
            if (HasAllLabels(pod, templateLabels)) fullyLabeled++;
            if (!PodState.IsReady(pod)) continue;
            ready++;
            if (PodState.IsAvailable(pod, minReadySeconds, now)) available++;
        }

        var status = new JsonObject { ["replicas"] = pods.Count };
        // Upstream's int32 fields are omitempty: zero counts are absent on the wire.
        if (fullyLabeled > 0) status["fullyLabeledReplicas"] = fullyLabeled;
        if (ready > 0) status["readyReplicas"] = ready;
        if (available > 0) status["availableReplicas"] = available;
        if (rs["metadata"]?["generation"]?.GetValue<long>() is { } generation) status["observedGeneration"] = generation;

        var conditions = new JsonArray();
        var existing = rs["status"]?["conditions"] as JsonArray ?? [];
        var failure = existing.OfType<JsonObject>().FirstOrDefault(c => c["type"].Str() == ReplicaFailure);
        foreach (var c in existing.OfType<JsonObject>().Where(c => c["type"].Str() != ReplicaFailure)) conditions.Add(c.DeepClone());
        if (manageError is not null)
        {
            // Keep the first failure's transition time while it lasts, as upstream does.
            conditions.Add(failure?.DeepClone() ?? new JsonObject
            {
                ["type"] = ReplicaFailure,
                ["status"] = "True",
                ["lastTransitionTime"] = JsonHelpers.Timestamp(now),
                ["reason"] = wantedMore ? FailedCreate : FailedDelete,
                ["message"] = manageError.Message,
            });
        }
        if (conditions.Count > 0) status["conditions"] = conditions;
        return status;
    }

    private static bool HasAllLabels(JsonObject pod, JsonObject? wanted)
    {
        if (wanted is null) return true;
        var labels = pod["metadata"]?["labels"] as JsonObject;
        return wanted.All(kv => labels is not null && labels.TryGetPropertyValue(kv.Key, out var v) && v.Str() is { } value && value == kv.Value.Str());
    }
}
