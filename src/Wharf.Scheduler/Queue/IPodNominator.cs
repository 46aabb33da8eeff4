using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Queue;

/// <summary>Pods nominated to nodes by preemption, so other pods' Filter leaves room for them.</summary>
public interface IPodNominator
{
    void AddNominatedPod(PodInfo pod, string nodeName);

    void DeleteNominatedPodIfExists(V1Pod pod);

    IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName);
}
