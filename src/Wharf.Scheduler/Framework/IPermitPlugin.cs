using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>Approves, rejects or delays (Wait with a timeout) the binding of a pod.</summary>
public interface IPermitPlugin : IPlugin
{
    Status Permit(CycleState state, V1Pod pod, string nodeName, out TimeSpan timeout);
}
