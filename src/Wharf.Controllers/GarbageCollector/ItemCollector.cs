using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// The collector's decisions about one node (upstream's attemptToDeleteItem and attemptToOrphanWorker), made
/// against the live object. Each returns true when the node must be looked at again later.
/// </summary>
internal sealed partial class ItemCollector(IApiClient client, DependencyGraph graph, ResourceMonitors monitors, AbsentOwnerCache absentOwners,
    Action<GraphEvent> raise, Action<string> attemptToDelete, ILogger logger)
{
    private const int ConflictRetries = 5;

    private sealed record NodeView(ObjectIdentity Identity, bool BeingDeleted, bool DeletingDependents, bool Observed, int Dependents,
        IReadOnlyList<(string Uid, bool DeletingDependents)> Blocking, bool AnyDependentDeletingDependents, IReadOnlyList<ObjectIdentity> DependentIdentities);

    public async Task<bool> AttemptToDeleteAsync(string uid, CancellationToken ct)
    {
        if (View(uid) is not { } item) return false;
        // Being deleted (not in the foreground) is a one-way trip: its dependents are handled once it is gone.
        if (item.BeingDeleted && !item.DeletingDependents) return false;

        var resource = Resolve(item.Identity);
        var latest = await GetAsync(resource, item.Identity, ct);
        if (latest is null || ObjectMeta.Uid(latest) != item.Identity.Uid)
        {
            // Only inferred from references, and not there (or another object by that name): drop it from the graph.
            raise(GraphEvent.VirtualDelete(item.Identity));
            return false;
        }
        if (item.DeletingDependents)
        {
            await ProcessDeletingDependentsAsync(item, resource, ct);
            return !item.Observed;
        }

        var owners = OwnerReference.Of(latest);
        if (owners.Count == 0) return !item.Observed;

        var solid = new List<OwnerReference>();
        var dangling = new List<OwnerReference>();
        var waiting = new List<OwnerReference>();
        foreach (var reference in owners)
        {
            var (isDangling, owner) = await IsDanglingAsync(reference, item.Identity, ct);
            if (isDangling) dangling.Add(reference);
            else if (ObjectMeta.IsBeingDeleted(owner!) && ObjectMeta.Finalizers(owner!).Contains(DependencyGraph.ForegroundFinalizer)) waiting.Add(reference);
            else solid.Add(reference);
        }

        if (solid.Count > 0)
        {
            if (dangling.Count == 0 && waiting.Count == 0) return !item.Observed;
            // Still owned: only the references to gone owners (and to owners waiting for us) are removed, else
            // a foreground owner would wait for this dependent forever.
            var drop = dangling.Concat(waiting).Select(r => r.Uid).ToHashSet(StringComparer.Ordinal);
            LogRemovingReferences(logger, item.Identity.ToString(), string.Join(",", drop));
            await PatchOwnerReferencesAsync(resource, item.Identity, refs => refs.Where(r => !drop.Contains(r?["uid"].Str() ?? "")), ct);
            return !item.Observed;
        }
        if (waiting.Count > 0 && item.Dependents > 0)
        {
            if (item.AnyDependentDeletingDependents)
            {
                // Owner and dependent both wait in the foreground: unblock our references so the cycle can end.
                await PatchOwnerReferencesAsync(resource, item.Identity, refs => refs.Select(r =>
                {
                    var copy = r!.DeepClone().AsObject();
                    if (copy["blockOwnerDeletion"] is not null) copy["blockOwnerDeletion"] = false;
                    return (JsonNode?)copy;
                }), ct);
            }
            await DeleteAsync(resource, item.Identity, latest, PropagationPolicies.Foreground, ct);
            return !item.Observed;
        }
        var finalizers = ObjectMeta.Finalizers(latest);
        var policy = finalizers.Contains(DependencyGraph.OrphanFinalizer) ? PropagationPolicies.Orphan
            : finalizers.Contains(DependencyGraph.ForegroundFinalizer) ? PropagationPolicies.Foreground
            : PropagationPolicies.Background;
        LogDeleting(logger, item.Identity.ToString(), policy);
        await DeleteAsync(resource, item.Identity, latest, policy, ct);
        return !item.Observed;
    }

    /// <summary>Removes this owner from its dependents' references, then its orphan finalizer.</summary>
    public async Task<bool> AttemptToOrphanAsync(string uid, CancellationToken ct)
    {
        if (View(uid) is not { } owner) return false;
        foreach (var dependent in owner.DependentIdentities)
        {
            var resource = Resolve(dependent);
            try
            {
                await PatchOwnerReferencesAsync(resource, dependent, refs => refs.Where(r => r?["uid"].Str() != uid), ct);
            }
            catch (ApiException e) when (e.IsNotFound)
            {
            }
        }
        await RemoveFinalizerAsync(Resolve(owner.Identity), owner.Identity, DependencyGraph.OrphanFinalizer, ct);
        return false;
    }

    private async Task ProcessDeletingDependentsAsync(NodeView item, Resource resource, CancellationToken ct)
    {
        if (item.Blocking.Count == 0)
        {
            LogForegroundDone(logger, item.Identity.ToString());
            await RemoveFinalizerAsync(resource, item.Identity, DependencyGraph.ForegroundFinalizer, ct);
            return;
        }
        // Dependents not yet on their way out are looked at again; each one's deletion brings this owner back.
        foreach (var (dependent, _) in item.Blocking.Where(b => !b.DeletingDependents)) attemptToDelete(dependent);
    }

    private async Task<(bool Dangling, JsonObject? Owner)> IsDanglingAsync(OwnerReference reference, ObjectIdentity item, CancellationToken ct)
    {
        var clusterKey = ObjectIdentity.Of(reference, "");
        var namespacedKey = ObjectIdentity.Of(reference, item.Namespace);
        if (absentOwners.Has(clusterKey) || absentOwners.Has(namespacedKey)) return (true, null);
        var resource = monitors.Resolve(reference.ApiVersion, reference.Kind)
            ?? throw new InvalidOperationException($"unable to get REST mapping for {reference.ApiVersion}/{reference.Kind}");
        if (item.Namespace.Length == 0 && resource.Namespaced)
        {
            // Invalid, and no retry will fix it.
            LogNamespacedOwner(logger, item.ToString(), reference.Kind);
            throw new NamespacedOwnerException();
        }
        var key = resource.Namespaced ? namespacedKey : clusterKey;
        var owner = await GetAsync(resource, key, ct);
        if (owner is null || ObjectMeta.Uid(owner) != reference.Uid)
        {
            absentOwners.Add(key);
            return (true, null);
        }
        return (false, owner);
    }

    private async Task DeleteAsync(Resource resource, ObjectIdentity identity, JsonObject latest, string policy, CancellationToken ct)
    {
        var options = new DeleteOptions { PropagationPolicy = policy, PreconditionUid = identity.Uid, PreconditionResourceVersion = ObjectMeta.ResourceVersion(latest) };
        try
        {
            await client.DeleteAsync(resource, identity.Namespace, identity.Name, options, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
        catch (ApiException e) when (e.IsConflict)
        {
            // Changed since we decided: delete anyway if its owners are still the ones we judged.
            var live = await GetAsync(resource, identity, ct);
            if (live is null || ObjectMeta.Uid(live) != identity.Uid) return;
            if (!JsonNode.DeepEquals(live["metadata"]?["ownerReferences"], latest["metadata"]?["ownerReferences"])) throw;
            await client.DeleteAsync(resource, identity.Namespace, identity.Name, options with { PreconditionResourceVersion = null }, ct);
        }
    }

    /// <summary>Rewrites metadata.ownerReferences with a merge patch guarded by the resourceVersion read.</summary>
    private async Task PatchOwnerReferencesAsync(Resource resource, ObjectIdentity identity, Func<IEnumerable<JsonNode?>, IEnumerable<JsonNode?>> change, CancellationToken ct)
    {
        await RetryOnConflictAsync(async () =>
        {
            var live = await GetAsync(resource, identity, ct);
            if (live is null || ObjectMeta.Uid(live) != identity.Uid) return;
            var before = live["metadata"]?["ownerReferences"] as JsonArray ?? [];
            var after = new JsonArray(change(before.Select(r => r?.DeepClone())).ToArray());
            if (JsonNode.DeepEquals(before, after)) return;
            await client.PatchAsync(resource, identity.Namespace, identity.Name, PatchType.Merge, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["ownerReferences"] = after.Count == 0 ? null : after,
                    ["resourceVersion"] = ObjectMeta.ResourceVersion(live),
                },
            }, null, ct);
        });
    }

    private async Task RemoveFinalizerAsync(Resource resource, ObjectIdentity identity, string finalizer, CancellationToken ct)
    {
        await RetryOnConflictAsync(async () =>
        {
            var live = await GetAsync(resource, identity, ct);
            if (live is null) return;
            var finalizers = ObjectMeta.Finalizers(live);
            if (!finalizers.Contains(finalizer)) return;
            var remaining = finalizers.Where(f => f != finalizer).ToList();
            await client.PatchAsync(resource, identity.Namespace, identity.Name, PatchType.Merge, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["finalizers"] = remaining.Count == 0 ? null : new JsonArray(remaining.Select(f => (JsonNode)f).ToArray()),
                    ["resourceVersion"] = ObjectMeta.ResourceVersion(live),
                },
            }, null, ct);
        });
    }

    private static async Task RetryOnConflictAsync(Func<Task> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                await attempt();
                return;
            }
            catch (ApiException e) when (e.IsConflict && i < ConflictRetries)
            {
            }
        }
    }

    private async Task<JsonObject?> GetAsync(Resource resource, ObjectIdentity identity, CancellationToken ct)
    {
        try
        {
            return await client.GetAsync(resource, identity.Namespace, identity.Name, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private Resource Resolve(ObjectIdentity identity) =>
        monitors.Resolve(identity.ApiVersion, identity.Kind) ?? throw new InvalidOperationException($"unable to get REST mapping for {identity.ApiVersion}/{identity.Kind}");

    private NodeView? View(string uid) => graph.Read(uid, n => new NodeView(n.Identity, n.BeingDeleted, n.DeletingDependents, n.Observed, n.Dependents.Count,
        n.BlockingDependents.Select(d => (d.Identity.Uid, d.DeletingDependents)).ToList(),
        n.Dependents.Any(d => d.DeletingDependents), n.Dependents.Select(d => d.Identity).ToList()));

    [LoggerMessage(EventId = 10736, Level = LogLevel.Information, Message = "Deleting {Item} with propagation {Policy}: no owner is left")]
    private static partial void LogDeleting(ILogger logger, string item, string policy);

    [LoggerMessage(EventId = 10737, Level = LogLevel.Debug, Message = "Removing references to {Owners} from {Item}")]
    private static partial void LogRemovingReferences(ILogger logger, string item, string owners);

    [LoggerMessage(EventId = 10739, Level = LogLevel.Warning, Message = "Cluster-scoped {Item} refers to a namespaced owner of kind {Kind}; ignoring it")]
    private static partial void LogNamespacedOwner(ILogger logger, string item, string kind);

    [LoggerMessage(EventId = 10738, Level = LogLevel.Information, Message = "Dependents of {Item} are gone; removing its foregroundDeletion finalizer")]
    private static partial void LogForegroundDone(ILogger logger, string item);
}
