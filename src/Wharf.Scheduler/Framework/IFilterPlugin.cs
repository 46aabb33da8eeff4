using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>Pure check of one node against a snapshot; runs in parallel across nodes, so it must not mutate shared state.</summary>
public interface IFilterPlugin : IPlugin
{
    Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo);
}
