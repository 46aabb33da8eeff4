using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Controllers.StatefulSet;

/// <summary>
/// Creates, updates and deletes a StatefulSet's pods and their claims through the API, recording upstream's events
/// on the set (<c>create Pod web-0 in StatefulSet web successful</c>). Claims are read from the shared informer.
/// </summary>
internal sealed class StatefulPodControl(IApiClient client, IEventRecorder events, IIndexer claims)
{
    public static readonly Resource PersistentVolumeClaims = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true);

    /// <summary>Creates the member's missing claims (with the retention policy's references), then the pod.</summary>
    public async Task CreatePodAsync(JsonObject set, JsonObject pod, CancellationToken ct)
    {
        await CreateMissingClaimsAsync(set, pod, ct);
        try
        {
            await client.CreateAsync(Resource.Pods, ObjectMeta.Namespace(set), pod, ct);
            PodEvent(set, pod, "create", null);
        }
        catch (ApiException e) when (!e.IsAlreadyExists)
        {
            // AlreadyExists only means the cache is behind an earlier create of ours: no event for that.
            PodEvent(set, pod, "create", e);
            throw;
        }
    }

    /// <summary>Deletes a member, guarded by its uid so a successor of the same name is never hit.</summary>
    public async Task DeletePodAsync(JsonObject set, JsonObject pod, CancellationToken ct)
    {
        try
        {
            await client.DeleteAsync(Resource.Pods, ObjectMeta.Namespace(pod), ObjectMeta.Name(pod)!, new DeleteOptions { PreconditionUid = ObjectMeta.Uid(pod) }, ct);
            PodEvent(set, pod, "delete", null);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
        catch (ApiException e)
        {
            PodEvent(set, pod, "delete", e);
            throw;
        }
    }

    /// <summary>Brings an existing member's identity labels, claims and claim references in line (upstream's UpdateStatefulPod).</summary>
    public async Task UpdatePodAsync(JsonObject set, JsonObject pod, CancellationToken ct)
    {
        await CreateMissingClaimsAsync(set, pod, ct);
        await FixClaimReferencesAsync(set, pod, ct);
        var updated = (JsonObject)pod.DeepClone();
        // Volumes of a running pod cannot change; only its labels can, so that is all this corrects.
        if (!StatefulPods.FixIdentity(set, updated)) return;
        try
        {
            await client.UpdateAsync(Resource.Pods, updated, ct);
            PodEvent(set, pod, "update", null);
        }
        catch (ApiException e) when (!e.IsConflict && !e.IsNotFound)
        {
            // A conflict or a vanished pod is not a failure worth an event: the informer brings the new state.
            PodEvent(set, pod, "update", e);
            throw;
        }
    }

    /// <summary>Creates the member's claims that do not exist; a claim being deleted is an error to retry on.</summary>
    public async Task CreateMissingClaimsAsync(JsonObject set, JsonObject pod, CancellationToken ct)
    {
        var errors = new List<Exception>();
        foreach (var claim in StatefulPods.Claims(set, StatefulPods.Ordinal(pod)).Values)
        {
            var existing = claims.Get(ObjectMeta.Namespace(claim), ObjectMeta.Name(claim)!);
            if (existing is not null)
            {
                if (ObjectMeta.IsBeingDeleted(existing)) errors.Add(new InvalidOperationException($"pvc {ObjectMeta.Name(claim)} is being deleted"));
                continue;
            }
            if (ClaimRetention.UpdatedRefs(claim, set, pod) is { Count: > 0 } refs) claim["metadata"]!["ownerReferences"] = refs;
            try
            {
                await client.CreateAsync(PersistentVolumeClaims, ObjectMeta.Namespace(claim), claim, ct);
                ClaimEvent(set, pod, claim, null);
            }
            catch (ApiException e) when (e.IsAlreadyExists)
            {
                // Created by an earlier pass the cache has not shown yet.
            }
            catch (ApiException e)
            {
                ClaimEvent(set, pod, claim, e);
                errors.Add(new InvalidOperationException($"failed to create PVC {ObjectMeta.Name(claim)}: {e.Message}", e));
            }
        }
        if (errors.Count > 0) throw new AggregateException(errors);
    }

    /// <summary>Whether every existing claim of the member carries the references the retention policy wants.</summary>
    public bool ClaimsMatchRetentionPolicy(JsonObject set, JsonObject pod) =>
        ExistingClaims(set, pod).All(c => ClaimRetention.IsUpToDate(c, set, pod));

    /// <summary>Rewrites the ownerReferences of the member's claims that do not match the retention policy.</summary>
    public async Task FixClaimReferencesAsync(JsonObject set, JsonObject pod, CancellationToken ct)
    {
        foreach (var claim in ExistingClaims(set, pod).Where(c => !ClaimRetention.IsUpToDate(c, set, pod)))
        {
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    // An empty list is removed rather than stored, as upstream's omitempty leaves it.
                    ["ownerReferences"] = ClaimRetention.UpdatedRefs(claim, set, pod) is { Count: > 0 } refs ? refs : null,
                    ["resourceVersion"] = ObjectMeta.ResourceVersion(claim),
                },
            };
            await client.PatchAsync(PersistentVolumeClaims, ObjectMeta.Namespace(claim), ObjectMeta.Name(claim)!, PatchType.Merge, patch, null, ct);
        }
    }

    /// <summary>A claim of the member is still owned by an earlier pod of its name and about to be collected.</summary>
    public bool ClaimIsStale(JsonObject set, JsonObject pod) =>
        StatefulSetSpec.RetentionPolicy(set).WhenScaled == StatefulSetSpec.Delete &&
        ExistingClaims(set, pod).Any(c => ClaimRetention.IsStaleFor(c, pod));

    private IEnumerable<JsonObject> ExistingClaims(JsonObject set, JsonObject pod) =>
        StatefulPods.Claims(set, StatefulPods.Ordinal(pod)).Values
            .Select(c => claims.Get(ObjectMeta.Namespace(c), ObjectMeta.Name(c)!))
            .OfType<JsonObject>();

    private void PodEvent(JsonObject set, JsonObject pod, string verb, Exception? error)
    {
        var target = EventTarget(set);
        if (error is null)
            events.Event(target, EventTypes.Normal, Reason("Successful", verb), $"{verb} Pod {ObjectMeta.Name(pod)} in StatefulSet {ObjectMeta.Name(set)} successful");
        else
            events.Event(target, EventTypes.Warning, Reason("Failed", verb), $"{verb} Pod {ObjectMeta.Name(pod)} in StatefulSet {ObjectMeta.Name(set)} failed error: {error.Message}");
    }

    private void ClaimEvent(JsonObject set, JsonObject pod, JsonObject claim, Exception? error)
    {
        var target = EventTarget(set);
        if (error is null)
            events.Event(target, EventTypes.Normal, Reason("Successful", "create"),
                $"create Claim {ObjectMeta.Name(claim)} Pod {ObjectMeta.Name(pod)} in StatefulSet {ObjectMeta.Name(set)} success");
        else
            events.Event(target, EventTypes.Warning, Reason("Failed", "create"),
                $"create Claim {ObjectMeta.Name(claim)} for Pod {ObjectMeta.Name(pod)} in StatefulSet {ObjectMeta.Name(set)} failed error: {error.Message}");
    }

    private static string Reason(string prefix, string verb) => prefix + char.ToUpperInvariant(verb[0]) + verb[1..];

    private static JsonObject EventTarget(JsonObject set) => PodControl.OwnerReferences.EventTarget(set, Resource.StatefulSets);
}
