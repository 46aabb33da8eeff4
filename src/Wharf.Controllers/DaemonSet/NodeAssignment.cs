using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.DaemonSet;

/// <summary>
/// The core of a DaemonSet pass (upstream's <c>manage</c> and <c>podsShouldBeOnNode</c>): per node, create the
/// missing pod, delete pods that may not stay, replace failed pods under backoff, and keep one pod (or, while
/// surging, one old and one new) per node. Pods created for nodes that no longer exist and never got scheduled are
/// deleted too, since nothing else would ever remove them.
/// </summary>
public sealed class NodeAssignment(FailedPodsBackoff failedPodsBackoff)
{
    public const string FailedDaemonPodReason = "FailedDaemonPod";
    public const string SucceededDaemonPodReason = "SucceededDaemonPod";

    public SyncPlan Plan(string dsKey, JsonObject ds, IReadOnlyList<JsonObject> nodes, IReadOnlyDictionary<string, List<V1Pod>> podsByNode, string hash, DateTimeOffset now)
    {
        var plan = new SyncPlan();
        foreach (var node in nodes) PlanNode(plan, dsKey, ds, node, podsByNode, hash, now);
        var existing = nodes.Select(n => ObjectMeta.Name(n)).ToHashSet(StringComparer.Ordinal);
        foreach (var (nodeName, pods) in podsByNode)
        {
            if (existing.Contains(nodeName)) continue;
            plan.PodsToDelete.AddRange(pods.Where(p => string.IsNullOrEmpty(p.Spec?.NodeName)).Select(p => p.Metadata.Name));
        }
        return plan;
    }

    private void PlanNode(SyncPlan plan, string dsKey, JsonObject ds, JsonObject node, IReadOnlyDictionary<string, List<V1Pod>> podsByNode, string hash, DateTimeOffset now)
    {
        var nodeName = ObjectMeta.Name(node)!;
        var eligibility = NodeEligibility.Of(node, ds);
        var exists = podsByNode.TryGetValue(nodeName, out var pods);
        if (eligibility.ShouldRun && !exists)
        {
            plan.NodesToCreate.Add(nodeName);
            return;
        }
        if (!eligibility.ShouldContinueRunning)
        {
            if (exists) plan.PodsToDelete.AddRange(pods!.Where(p => p.Metadata.DeletionTimestamp is null).Select(p => p.Metadata.Name));
            return;
        }

        var running = new List<V1Pod>();
        foreach (var pod in pods ?? [])
        {
            if (pod.Metadata.DeletionTimestamp is not null) continue;
            switch (pod.Status?.Phase)
            {
                case "Failed":
                    ReplaceFailed(plan, dsKey, pod, nodeName, now);
                    break;
                case "Succeeded":
                    plan.Events.Add((EventTypes.Normal, SucceededDaemonPodReason,
                        $"Found succeeded daemon pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {nodeName}, will try to delete it"));
                    plan.PodsToDelete.Add(pod.Metadata.Name);
                    break;
                default:
                    running.Add(pod);
                    break;
            }
        }

        if (!UpdateStrategy.AllowsSurge(ds))
        {
            // One pod per node: all but the oldest go.
            plan.PodsToDelete.AddRange(DaemonPods.Oldest(running).Skip(1).Select(p => p.Metadata.Name));
            return;
        }
        if (running.Count <= 1)
        {
            // Surging keeps a live pod on the node: a failed one is replaced in this same pass.
            if (running.Count == 0 && eligibility.ShouldRun) plan.NodesToCreate.Add(nodeName);
            return;
        }
        KeepOldestOfEachRevision(plan, ds, DaemonPods.Oldest(running), hash, now);
    }

    /// <summary>
    /// While surging a node may hold the oldest pod of the current revision and the oldest older one; the old one
    /// goes once it is not ready or the new one is available. Every other pod is deleted.
    /// </summary>
    private static void KeepOldestOfEachRevision(SyncPlan plan, JsonObject ds, List<V1Pod> oldestFirst, string hash, DateTimeOffset now)
    {
        V1Pod? oldestNew = null, oldestOld = null;
        foreach (var pod in oldestFirst)
        {
            var isNew = pod.Metadata.Labels?.TryGetValue(DaemonSetLabels.ControllerRevisionHash, out var h) == true && h == hash;
            if (isNew && oldestNew is null) oldestNew = pod;
            else if (!isNew && oldestOld is null) oldestOld = pod;
            else plan.PodsToDelete.Add(pod.Metadata.Name);
        }
        if (oldestNew is null || oldestOld is null) return;
        if (!PodState.IsReady(oldestOld) || PodState.IsAvailable(oldestNew, MinReadySeconds(ds), now))
            plan.PodsToDelete.Add(oldestOld.Metadata.Name);
    }

    /// <summary>A failed pod is deleted (and so recreated) at most once per backoff period per node, with a warning event.</summary>
    private void ReplaceFailed(SyncPlan plan, string dsKey, V1Pod pod, string nodeName, DateTimeOffset now)
    {
        var key = FailedPodsBackoff.Key(dsKey, nodeName);
        if (failedPodsBackoff.Remaining(key, now) is { } wait)
        {
            plan.RequeueWithin(wait);
            return;
        }
        failedPodsBackoff.Next(key, now);
        plan.Events.Add((EventTypes.Warning, FailedDaemonPodReason,
            $"Found failed daemon pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {nodeName}, will try to kill it"));
        plan.PodsToDelete.Add(pod.Metadata.Name);
    }

    public static int MinReadySeconds(JsonObject ds) => Spec.Int(ds, "minReadySeconds", 0);
}
