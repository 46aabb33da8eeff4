using k8s.Models;

namespace Wharf.Scheduler.Framework;

public interface IPreFilterExtensions
{
    Status AddPod(CycleState state, V1Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status RemovePod(CycleState state, V1Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
