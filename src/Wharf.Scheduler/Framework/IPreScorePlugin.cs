using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>Prepares scoring state over the feasible nodes; Skip disables this plugin's Score for the cycle.</summary>
public interface IPreScorePlugin : IPlugin
{
    Status PreScore(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes);
}
