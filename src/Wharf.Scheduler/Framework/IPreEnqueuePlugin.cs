using k8s.Models;

namespace Wharf.Scheduler.Framework;

/// <summary>Gate before a pod may enter the active queue; a non-success keeps it parked as gated.</summary>
public interface IPreEnqueuePlugin : IPlugin
{
    Status PreEnqueue(V1Pod pod);
}
