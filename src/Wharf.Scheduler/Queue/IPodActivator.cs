using k8s.Models;

namespace Wharf.Scheduler.Queue;

/// <summary>
/// Upstream's Handle.Activate: moves a pod that waits in the unschedulable set or in backoff straight to the active
/// queue (PreEnqueue still applies), for plugins that know a pod may now fit without any cluster event saying so.
/// </summary>
public interface IPodActivator
{
    void Activate(V1Pod pod);
}
