using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>Binds the pod; Skip hands over to the next bind plugin.</summary>
public interface IBindPlugin : IPlugin
{
    ValueTask<Status> BindAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken ct);
}
