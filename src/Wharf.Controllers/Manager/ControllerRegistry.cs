using Wharf.Controllers.EndpointSlice;
using Wharf.Controllers.EndpointSliceMirroring;
using Wharf.Controllers.Endpoints;
using Wharf.Controllers.GarbageCollector;
using Wharf.Controllers.Job;
using Wharf.Controllers.CronJob;
using Wharf.Controllers.DaemonSet;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.Disruption;
using Wharf.Controllers.Namespace;
using Wharf.Controllers.NodeIpam;
using Wharf.Controllers.NodeLifecycle;
using Wharf.Controllers.PodGc;
using Wharf.Controllers.ReplicaSet;
using Wharf.Controllers.RootCaCertPublisher;
using Wharf.Controllers.ServiceAccount;
using Wharf.Controllers.ServiceLb;
using Wharf.Controllers.StatefulSet;
using Wharf.Controllers.TtlAfterFinished;

namespace Wharf.Controllers.Manager;

/// <summary>Name → (factory, worker count) of every controller Wharf has, and the <c>--controllers</c> selection rule.</summary>
public static class ControllerRegistry
{
    public sealed record Entry(string Name, Func<ControllerContext, ControllerManagerOptions, IController> Create, Func<ControllerManagerOptions, int> Workers);

    public static readonly IReadOnlyList<Entry> All =
    [
        new(ControllerNames.Namespace, (c, _) => new NamespaceController(c), o => o.ConcurrentNamespaceSyncs),
        new(ControllerNames.ServiceAccount, (c, _) => new ServiceAccountsController(c), o => o.ConcurrentServiceAccountSyncs),
        new(ControllerNames.RootCaCertPublisher,
            (c, o) => new RootCaPublisher(c, o.RootCaPem ?? throw new InvalidOperationException("the root-ca-cert-publisher needs RootCaPem")),
            o => o.ConcurrentRootCaSyncs),
        new(ControllerNames.NodeIpam, (c, o) => new NodeIpamController(c, o.ClusterCidr), _ => 1),
        new(ControllerNames.ReplicaSet, (c, _) => new ReplicaSetController(c, ReplicaSetKind.ReplicaSet), _ => 5),
        new(ControllerNames.ReplicationController, (c, _) => new ReplicaSetController(c, ReplicaSetKind.ReplicationController), _ => 5),
        new(ControllerNames.Deployment, (c, _) => new DeploymentController(c), _ => 5),
        new(ControllerNames.Endpoints, (c, _) => new EndpointsController(c), _ => 5),
        new(ControllerNames.EndpointSlice, (c, _) => new EndpointSliceController(c), _ => 5),
        new(ControllerNames.EndpointSliceMirroring, (c, _) => new EndpointSliceMirroringController(c), _ => 5),
        new(ControllerNames.GarbageCollector, (c, _) => new GarbageCollectorController(c), _ => 20),
        new(ControllerNames.Job, (c, _) => new JobController(c), _ => 5),
        new(ControllerNames.CronJob, (c, _) => new CronJobController(c), _ => 5),
        new(ControllerNames.TtlAfterFinished, (c, _) => new TtlAfterFinishedController(c), _ => 5),
        new(ControllerNames.DaemonSet, (c, _) => new DaemonSetController(c), _ => 2),
        new(ControllerNames.ServiceLb, (c, o) => new ServiceLbController(c, o.CloudProvider(c)), _ => 1),
        new(ControllerNames.StatefulSet, (c, _) => new StatefulSetController(c), _ => 5),
        new(ControllerNames.NodeLifecycle, (c, o) => new NodeLifecycleController(c, o.NodeLifecycle), _ => 1),
        new(ControllerNames.TaintEviction, (c, _) => new TaintEvictionController(c), _ => 8),
        new(ControllerNames.PodGarbageCollector, (c, o) => new PodGcController(c, o.TerminatedPodGcThreshold), _ => 1),
        new(ControllerNames.Disruption, (c, _) => new DisruptionController(c), _ => 1),
    ];

    /// <summary>
    /// Applies upstream's rule: a controller runs when named, or when <c>*</c> is given and it is not excluded
    /// with <c>-name</c>. Unknown names are an error.
    /// </summary>
    public static IReadOnlyList<Entry> Select(IReadOnlyList<string> selection)
    {
        foreach (var name in selection.Select(s => s.TrimStart('-')).Where(n => n != "*"))
        {
            if (All.All(e => e.Name != name))
                throw new ArgumentException($"\"{name}\" is not in the list of known controllers: {string.Join(", ", All.Select(e => e.Name))}");
        }
        var star = selection.Contains("*");
        return All.Where(e => selection.Contains(e.Name) || (star && !selection.Contains("-" + e.Name))).ToList();
    }
}
