using k8s.Models;

namespace Wharf.Controllers.DaemonSet;

/// <summary>What the controller reads off its pods: the node each is for, whether it is of the current revision, their order.</summary>
public static class DaemonPods
{
    /// <summary>
    /// The node a daemon pod belongs to (upstream's <c>GetTargetNodeName</c>): spec.nodeName once scheduled, before
    /// that the single value of a <c>metadata.name In</c> field term of its required node affinity; null if neither.
    /// </summary>
    public static string? TargetNode(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName)) return pod.Spec.NodeName;
        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        foreach (var term in terms ?? [])
        {
            foreach (var field in term.MatchFields ?? [])
            {
                if (field.Key != DaemonSetLabels.NodeNameField || field.OperatorProperty != "In") continue;
                return field.Values is { Count: 1 } values ? values[0] : null;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether the pod is of the current template: its revision hash label equals <paramref name="hash"/>, or its
    /// template generation label equals the DaemonSet's (upstream's <c>IsPodUpdated</c>).
    /// </summary>
    public static bool IsUpdated(V1Pod pod, string hash, long? templateGeneration)
    {
        var labels = pod.Metadata?.Labels;
        if (labels is null) return false;
        var hashMatches = hash.Length > 0 && labels.TryGetValue(DaemonSetLabels.ControllerRevisionHash, out var h) && h == hash;
        var generationMatches = templateGeneration is { } g && labels.TryGetValue(DaemonSetLabels.PodTemplateGeneration, out var pg)
                                && pg == g.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return hashMatches || generationMatches;
    }

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Scheduled pods first, then oldest first, then by name (upstream's <c>podByCreationTimestampAndPhase</c>).</summary>
    public static List<V1Pod> Oldest(IEnumerable<V1Pod> pods) =>
        pods.OrderBy(p => string.IsNullOrEmpty(p.Spec?.NodeName) ? 1 : 0)
            .ThenBy(p => p.Metadata?.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(p => p.Metadata?.Name, StringComparer.Ordinal)
            .ToList();
}
