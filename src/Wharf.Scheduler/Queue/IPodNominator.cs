using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Queue;

/// <summary>Pods nominated to nodes by preemption, so other pods' Filter leaves room for them.</summary>
public interface IPodNominator
{
    void AddNominatedPod(PodInfo pod, string nodeName);

    void DeleteNominatedPodIfExists(V1Pod pod);

    IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName);

    /// <summary>
    /// Whether any pod is nominated at all: a Filter pass asks once per cycle and, when none is, runs each node's
    /// Filter without the per-node nomination lookup (three interface calls per node before).
    /// </summary>
    bool HasNominatedPods => true;
}
