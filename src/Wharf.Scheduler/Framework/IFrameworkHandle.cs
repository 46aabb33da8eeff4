using k8s.Models;
using Wharf.Scheduler.Cache;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Queue;

namespace Wharf.Scheduler.Framework;

/// <summary>What a plugin may use from the framework that runs it.</summary>
public interface IFrameworkHandle
{
    string ProfileName { get; }

    /// <summary>The snapshot of the running cycle.</summary>
    Snapshot Snapshot { get; }

    IClusterObjects Objects { get; }

    IPodNominator Nominator { get; }

    /// <summary>Moves a waiting pod to the active queue (upstream Handle.Activate).</summary>
    IPodActivator Activator { get; }

    /// <summary>
    /// True while the scheduler's cache still holds the pod, i.e. its deletion has not been observed yet (what
    /// upstream reads from the pod lister); the cycle's snapshot is older than that.
    /// </summary>
    bool IsPodCached(V1Pod pod);

    ISchedulerCluster Cluster { get; }

    TimeProvider Time { get; }

    int Parallelism { get; }

    /// <summary>Filter with higher-or-equal priority nominated pods counted on the node (upstream's two-pass rule).</summary>
    Status RunFilterPluginsWithNominatedPods(CycleState state, V1Pod pod, NodeInfo nodeInfo);

    Status RunPreFilterExtensionAddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status RunPreFilterExtensionRemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
