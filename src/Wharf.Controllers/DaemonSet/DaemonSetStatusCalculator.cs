using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Meta;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.DaemonSet;

/// <summary>
/// A DaemonSet's status from its nodes and pods (upstream's <c>updateDaemonSetStatus</c>): per node that should run
/// the pod, whether the oldest pod there exists, is ready, available and of the current revision; pods on nodes
/// that should not run one are misscheduled.
/// </summary>
public static class DaemonSetStatusCalculator
{
    /// <param name="observe">Whether this pass acted on the current generation, so observedGeneration may advance.</param>
    public static JsonObject Calculate(JsonObject ds, IReadOnlyList<JsonObject> nodes, IReadOnlyDictionary<string, List<V1Pod>> podsByNode,
        string hash, long? templateGeneration, bool observe, DateTimeOffset now)
    {
        int desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
        var minReady = NodeAssignment.MinReadySeconds(ds);
        foreach (var node in nodes)
        {
            var scheduled = podsByNode.TryGetValue(ObjectMeta.Name(node)!, out var pods) && pods.Count > 0;
            if (!NodeEligibility.Of(node, ds).ShouldRun)
            {
                if (scheduled) misscheduled++;
                continue;
            }
            desired++;
            if (!scheduled) continue;
            current++;
            var pod = DaemonPods.Oldest(pods!)[0];
            if (PodState.IsReady(pod))
            {
                ready++;
                if (PodState.IsAvailable(pod, minReady, now)) available++;
            }
            if (DaemonPods.IsUpdated(pod, hash, templateGeneration)) updated++;
        }

        var previous = ds["status"] as JsonObject;
        // The first four are always written; the others are omitempty upstream, so zero stays absent.
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = current,
            ["numberMisscheduled"] = misscheduled,
            ["desiredNumberScheduled"] = desired,
            ["numberReady"] = ready,
        };
        var observed = JsonNumbers.Long(observe ? ds["metadata"]?["generation"] : previous?["observedGeneration"]);
        if (observed is > 0) status["observedGeneration"] = observed;
        if (updated > 0) status["updatedNumberScheduled"] = updated;
        if (available > 0) status["numberAvailable"] = available;
        if (desired - available > 0) status["numberUnavailable"] = desired - available;
        if (previous?["collisionCount"] is { } collisions) status["collisionCount"] = collisions.DeepClone();
        if (previous?["conditions"] is { } conditions) status["conditions"] = conditions.DeepClone();
        return status;
    }
}
