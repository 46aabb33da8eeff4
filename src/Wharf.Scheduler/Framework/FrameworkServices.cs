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

    /// <summary>Refreshed in place by the scheduling loop before every cycle.</summary>
    public Snapshot Snapshot { get; set; } = new();
}
