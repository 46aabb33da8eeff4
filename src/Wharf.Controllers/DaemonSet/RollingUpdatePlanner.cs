using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Meta;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.DaemonSet;

/// <summary>
/// Upstream's <c>rollingUpdate</c>: which old pods to delete and which nodes get a new pod so the DaemonSet moves to
/// its current revision within maxUnavailable (delete first, the core pass recreates) or maxSurge (create first,
/// delete the old pod once the new one is available). Deleted pods do not count as unavailable, so a rollout
/// moves on past nodes that are down.
/// </summary>
public static class RollingUpdatePlanner
{
    public static SyncPlan Plan(JsonObject ds, IReadOnlyList<JsonObject> nodes, IReadOnlyDictionary<string, List<V1Pod>> podsByNode, string hash, long? templateGeneration, DateTimeOffset now)
    {
        var byNode = podsByNode.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var desired = 0;
        var nodesByName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var name = ObjectMeta.Name(node)!;
            nodesByName[name] = node;
            if (!NodeEligibility.Of(node, ds).ShouldRun) continue;
            desired++;
            byNode.TryAdd(name, []);
        }
        var (maxSurge, maxUnavailable) = UpdateStrategy.Limits(ds, desired);
        var context = new Context(ds, hash, templateGeneration, now, nodesByName);
        // Visit nodes in name order so that which pods go first does not depend on dictionary order.
        var ordered = byNode.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        return maxSurge == 0 ? PlanUnavailable(context, ordered, maxUnavailable) : PlanSurge(context, ordered, maxSurge, desired);
    }

    private sealed record Context(JsonObject Ds, string Hash, long? Generation, DateTimeOffset Now, Dictionary<string, JsonObject> Nodes)
    {
        public bool Available(V1Pod pod) => PodState.IsAvailable(pod, NodeAssignment.MinReadySeconds(Ds), Now);

        public bool ShouldRun(string nodeName) => Nodes.TryGetValue(nodeName, out var node) && NodeEligibility.Of(node, Ds).ShouldRun;

        /// <summary>The live new and old pod of a node; not ok when there is more than one of either (the core pass prunes first).</summary>
        public (V1Pod? New, V1Pod? Old, bool Ok) Split(List<V1Pod> pods)
        {
            V1Pod? newPod = null, oldPod = null;
            foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
            {
                if (DaemonPods.IsUpdated(pod, Hash, Generation))
                {
                    if (newPod is not null) return (null, null, false);
                    newPod = pod;
                }
                else
                {
                    if (oldPod is not null) return (null, null, false);
                    oldPod = pod;
                }
            }
            return (newPod, oldPod, true);
        }
    }

    /// <summary>Deletes old pods while fewer than maxUnavailable nodes are without an available current pod.</summary>
    private static SyncPlan PlanUnavailable(Context c, List<KeyValuePair<string, List<V1Pod>>> nodes, int maxUnavailable)
    {
        var unavailable = 0;
        var plan = new SyncPlan();
        var candidates = new List<string>();
        foreach (var (_, pods) in nodes)
        {
            var (newPod, oldPod, ok) = c.Split(pods);
            if (!ok || (newPod is null) == (oldPod is null))
            {
                // Excess pods, or none, or both: the core pass acts here; count the node as unavailable.
                unavailable++;
                continue;
            }
            if (newPod is not null)
            {
                if (!c.Available(newPod)) unavailable++;
                continue;
            }
            if (!c.Available(oldPod!))
            {
                // Replacing a pod that serves nothing costs no availability.
                plan.PodsToDelete.Add(oldPod!.Metadata.Name);
                unavailable++;
            }
            else if (unavailable < maxUnavailable)
            {
                candidates.Add(oldPod!.Metadata.Name);
            }
        }
        var room = Math.Clamp(maxUnavailable - unavailable, 0, candidates.Count);
        plan.PodsToDelete.AddRange(candidates.Take(room));
        return plan;
    }

    /// <summary>Starts new pods next to old ones, up to maxSurge at once, and deletes each old pod once its successor is available.</summary>
    private static SyncPlan PlanSurge(Context c, List<KeyValuePair<string, List<V1Pod>>> nodes, int maxSurge, int desired)
    {
        var plan = new SyncPlan();
        var allowedNew = new List<string>();
        var candidateNew = new List<string>();
        var notWanted = new List<string>();
        int surging = 0, available = 0;
        foreach (var (nodeName, pods) in nodes)
        {
            var (newPod, oldPod, ok) = c.Split(pods);
            if (!ok)
            {
                surging++;
                continue;
            }
            if ((oldPod ?? newPod) is { } counted && c.Available(counted)) available++;
            if (oldPod is null) continue;
            if (newPod is null)
            {
                if (!c.Available(oldPod))
                {
                    if (c.ShouldRun(nodeName)) allowedNew.Add(nodeName);
                    else plan.PodsToDelete.Add(oldPod.Metadata.Name);
                }
                else if (!c.ShouldRun(nodeName))
                {
                    notWanted.Add(oldPod.Metadata.Name);
                }
                else if (surging < maxSurge)
                {
                    candidateNew.Add(nodeName);
                }
                continue;
            }
            if (!c.Available(newPod))
            {
                surging++;
                continue;
            }
            plan.PodsToDelete.Add(oldPod.Metadata.Name);
        }
        // Surging promises full availability: a pod on a node the DaemonSet left goes only once enough are available elsewhere.
        var deletable = Math.Min(available - desired, notWanted.Count);
        if (deletable > 0) plan.PodsToDelete.AddRange(notWanted.Take(deletable));
        var room = Math.Clamp(maxSurge - surging, 0, candidateNew.Count);
        plan.NodesToCreate.AddRange(allowedNew);
        plan.NodesToCreate.AddRange(candidateNew.Take(room));
        return plan;
    }
}
