using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// Computes per-pod data once per cycle into <see cref="CycleState"/>; may narrow the candidate nodes through
/// <paramref name="result"/>. Returning Skip disables this plugin's Filter for the cycle.
/// </summary>
public interface IPreFilterPlugin : IPlugin
{
    Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result);

    /// <summary>Incremental updates of the PreFilter state when preemption adds or removes pods; null if not needed.</summary>
    IPreFilterExtensions? PreFilterExtensions => null;
}
