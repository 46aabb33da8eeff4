using k8s.Models;
using Wharf.Scheduler.Cache;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Queue;

namespace Wharf.Scheduler.Framework;

/// <summary>Shared dependencies of every profile's framework.</summary>
public sealed class FrameworkServices(ISchedulerCluster cluster, IClusterObjects objects, IPodNominator nominator, TimeProvider time, int parallelism = 16)
{
    public ISchedulerCluster Cluster { get; } = cluster;
    public IClusterObjects Objects { get; } = objects;
    public IPodNominator Nominator { get; } = nominator;
    public TimeProvider Time { get; } = time;
    public int Parallelism { get; } = parallelism;

    /// <summary>The scheduling queue's Activate (none when plugins run without a queue, as in unit tests).</summary>
    public IPodActivator Activator { get; init; } = NoActivator.Instance;

    /// <summary>Whether the scheduler's cache still holds a pod (false without a cache).</summary>
    public Func<V1Pod, bool> IsPodCached { get; init; } = _ => false;

    private sealed class NoActivator : IPodActivator
    {
        public static readonly NoActivator Instance = new();

        public void Activate(V1Pod pod) { }
    }

    /// <summary>Refreshed in place by the scheduling loop before every cycle.</summary>
    public Snapshot Snapshot { get; set; } = new();
}
