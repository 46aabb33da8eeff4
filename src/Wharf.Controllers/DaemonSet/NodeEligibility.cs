using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.DaemonSet;

/// <summary>Whether a DaemonSet wants a pod on a node, and whether a pod already there may stay.</summary>
/// <param name="ShouldRun">A daemon pod should run here (new pods are created for it).</param>
/// <param name="ShouldContinueRunning">An existing daemon pod may keep running (it is not deleted).</param>
public readonly record struct NodeEligibility(bool ShouldRun, bool ShouldContinueRunning)
{
    /// <summary>
    /// Upstream's <c>NodeShouldRunDaemonPod</c>: the template's nodeName (if any), nodeSelector and required node
    /// affinity must match; taints with NoSchedule or NoExecute must be tolerated (counting the automatic daemon
    /// tolerations) for a new pod, while a running pod stays unless some NoExecute taint is not tolerated.
    /// </summary>
    public static NodeEligibility Of(JsonObject node, JsonObject daemonSet)
    {
        var nodeName = ObjectMeta.Name(node) ?? "";
        var spec = daemonSet["spec"]?["template"]?["spec"] as JsonObject;
        var wantedNode = spec?["nodeName"].Str() ?? "";
        if (wantedNode.Length > 0 && wantedNode != nodeName) return new(false, false);
        if (!RequiredNodeAffinity.Matches(spec, node)) return new(false, false);

        var podSpec = spec is null ? new JsonObject() : (JsonObject)spec.DeepClone();
        DaemonPodTemplate.AddDaemonTolerations(podSpec);
        var taints = node["spec"]?["taints"] as JsonArray;
        var tolerations = podSpec["tolerations"] as JsonArray;
        if (Taints.FirstUntolerated(taints, tolerations, e => e is Taints.NoSchedule or Taints.NoExecute) is null) return new(true, true);
        return new(false, Taints.FirstUntolerated(taints, tolerations, e => e == Taints.NoExecute) is null);
    }
}
