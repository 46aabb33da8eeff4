using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// Splits victims into those whose eviction would exceed a matching PodDisruptionBudget's disruptionsAllowed and
/// the rest, consuming the budget in the given order (upstream filterPodsWithPDBViolation).
/// </summary>
internal static class PdbClassifier
{
    public static (List<PodInfo> Violating, List<PodInfo> NonViolating) Split(IEnumerable<PodInfo> pods, IReadOnlyList<V1PodDisruptionBudget> pdbs)
    {
        var allowed = pdbs.Select(p => p.Status?.DisruptionsAllowed ?? 0).ToArray();
        var selectors = pdbs.Select(p => p.Spec?.Selector is { } s && (s.MatchLabels?.Count > 0 || s.MatchExpressions?.Count > 0) ? LabelSelector.Compile(s) : LabelSelector.Nothing).ToArray();
        var violating = new List<PodInfo>();
        var nonViolating = new List<PodInfo>();
        foreach (var pi in pods)
        {
            var pod = pi.Pod;
            var violated = false;
            if (pod.Metadata?.Labels is { Count: > 0 } labels)
            {
                for (var i = 0; i < pdbs.Count; i++)
                {
                    if (pdbs[i].Metadata?.NamespaceProperty != pod.Metadata.NamespaceProperty || !selectors[i].Matches(labels)) continue;
                    // Already counted by the disruption controller: do not spend the budget twice.
                    if (pdbs[i].Status?.DisruptedPods?.ContainsKey(pod.Metadata.Name) == true) continue;
                    if (--allowed[i] < 0) violated = true;
                }
            }
            (violated ? violating : nonViolating).Add(pi);
        }
        return (violating, nonViolating);
    }
}
