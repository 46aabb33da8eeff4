using Wharf.Client;
using Wharf.Controllers.CronJob;
using Wharf.Controllers.Disruption;
using Wharf.Controllers.History;
using Wharf.Controllers.ReplicaSet;
using Wharf.Controllers.StatefulSet;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// The resources the collector takes from the controller manager's shared informers instead of a metadata watch of
/// its own: those the manager's controllers already watch in full across all namespaces. Upstream's collector does the
/// same for every built-in type (its informer factory hands out the typed shared informer where one exists); here
/// the list stops at the manager's own resources, so that ConfigMaps, Secrets and the like are not held in full
/// only for the collector. One watch per resource then feeds the controllers and the graph: every pod event used to
/// be encoded, sent over TLS and parsed a second time for the collector alone.
/// </summary>
internal static class SharedMonitorResources
{
    private static readonly Dictionary<(string Group, string Plural), Resource> ByGroupResource = new Resource[]
    {
        Resource.Pods, Resource.Nodes, Resource.Namespaces, Resource.ServiceAccounts, Resource.Services, Resource.Endpoints,
        Resource.EndpointSlices, Resource.Deployments, Resource.ReplicaSets, Resource.StatefulSets, Resource.DaemonSets, Resource.Jobs,
        CronJobKind.CronJobs, ControllerRevisions.Resource, StatefulPodControl.PersistentVolumeClaims, DisruptionResources.PodDisruptionBudgets,
        ReplicaSetKind.ReplicationControllers,
    }.ToDictionary(r => (r.Group, r.Plural));

    /// <summary>
    /// The manager's constant for a discovered resource (the informer factory keys informers by the constant the
    /// controllers asked with), or null when the collector keeps its own metadata watch for it.
    /// </summary>
    public static Resource? Shared(Resource discovered) => ByGroupResource.GetValueOrDefault((discovered.Group, discovered.Plural));
}
