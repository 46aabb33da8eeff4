using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Controllers.PodControl;
using Wharf.Controllers.ReplicaSet;

namespace Wharf.Controllers.Disruption;

/// <summary>
/// The desired replicas of the controllers behind a budget's pods (upstream's finders): a ReplicaSet owned by a
/// Deployment counts as the Deployment; ReplicaSets, ReplicationControllers and StatefulSets count by spec.replicas.
/// Each controller counts once however many of its pods match.
/// </summary>
public sealed class ControllerScales
{
    private readonly ISharedIndexInformer _replicaSets;
    private readonly ISharedIndexInformer _deployments;
    private readonly ISharedIndexInformer _statefulSets;
    private readonly ISharedIndexInformer _replicationControllers;

    public ControllerScales(SharedInformerFactory informers)
    {
        _replicaSets = informers.ForResource(Resource.ReplicaSets);
        _deployments = informers.ForResource(Resource.Deployments);
        _statefulSets = informers.ForResource(Resource.StatefulSets);
        _replicationControllers = informers.ForResource(ReplicaSetKind.ReplicationControllers);
    }

    public IReadOnlyList<ISharedIndexInformer> Informers => [_replicaSets, _deployments, _statefulSets, _replicationControllers];

    /// <summary>The expected pod count of a budget whose pods are <paramref name="pods"/>.</summary>
    public int ExpectedCount(IReadOnlyList<JsonObject> pods)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var reference = OwnerReferences.ControllerOf(pod)
                ?? throw new PdbSyncException($"found no controller ref for pod \"{ObjectMeta.Name(pod)}\"", "NoControllerRef");
            var (uid, replicas) = Find(ObjectMeta.Namespace(pod), reference)
                ?? throw new PdbSyncException($"found no controllers for pod \"{ObjectMeta.Name(pod)}\"", "NoControllers");
            seen[uid] = replicas;
        }
        return seen.Values.Sum();
    }

    private (string Uid, int Replicas)? Find(string? ns, JsonObject reference)
    {
        if (OwnerReferences.RefersTo(reference, Resource.ReplicaSets))
        {
            if (Get(_replicaSets, ns, reference) is not { } rs) return null;
            if (OwnerReferences.ControllerOf(rs) is { } owner && OwnerReferences.RefersTo(owner, Resource.Deployments))
                return Get(_deployments, ns, owner) is { } deployment ? Scale(deployment) : null;
            return Scale(rs);
        }
        foreach (var informer in new[] { _statefulSets, _replicationControllers, _deployments })
        {
            if (OwnerReferences.RefersTo(reference, informer.Resource))
                return Get(informer, ns, reference) is { } controller ? Scale(controller) : null;
        }
        return null;
    }

    /// <summary>The cached controller a reference names, if its uid still matches.</summary>
    private static JsonObject? Get(ISharedIndexInformer informer, string? ns, JsonObject reference) =>
        informer.Store.Get(ns, reference["name"].Str() ?? "") is { } obj && ObjectMeta.Uid(obj) == reference["uid"].Str() ? obj : null;

    private static (string, int) Scale(JsonObject controller) => (ObjectMeta.Uid(controller)!, Spec.Replicas(controller));
}
