using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>Ranks one feasible node in [0, 100] after normalisation; the framework applies the profile weight.</summary>
public interface IScorePlugin : IPlugin
{
    Status Score(CycleState state, V1Pod pod, NodeInfo nodeInfo, out long score);

    /// <summary>Rescales raw scores of all nodes into [0, <see cref="NodeScore.MaxNodeScore"/>]; no-op by default.</summary>
    Status NormalizeScore(CycleState state, V1Pod pod, NodeScore[] scores) => Status.Success;
}
