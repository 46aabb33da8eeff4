using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.SchedulingGates;

/// <summary>Keeps pods with spec.schedulingGates out of the active queue until the gates are removed.</summary>
internal sealed class SchedulingGatesPlugin : IPreEnqueuePlugin, IEnqueueExtensions
{
    public string Name => PluginNames.SchedulingGates;

    public Status PreEnqueue(V1Pod pod)
    {
        var gates = pod.Spec?.SchedulingGates;
        if (gates is null || gates.Count == 0) return Status.Success;
        return Status.Unresolvable($"waiting for scheduling gates: [{string.Join(" ", gates.Select(g => g.Name))}]");
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Pod, ActionType.UpdatePodSchedulingGatesEliminated)];
}
