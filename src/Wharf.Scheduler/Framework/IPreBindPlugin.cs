using k8s.Models;

namespace Wharf.Scheduler.Framework;

public interface IPreBindPlugin : IPlugin
{
    ValueTask<Status> PreBindAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken ct);
}
