using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>Claims resources for the chosen node; Unreserve must undo it and be idempotent.</summary>
public interface IReservePlugin : IPlugin
{
    Status Reserve(CycleState state, V1Pod pod, string nodeName);

    void Unreserve(CycleState state, V1Pod pod, string nodeName);
}
