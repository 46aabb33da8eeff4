using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Controllers.PodControl;

/// <summary>
/// Claims dependents for one controller object (upstream's ControllerRefManager): keeps those it controls that still
/// match its selector, adopts matching orphans by adding a controller ownerReference, and releases controlled
/// ones that no longer match. Objects controlled by someone else are never touched. Adoption first re-reads the
/// owner from the API (once per claim) so a controller being deleted, or replaced under the same name, adopts nothing.
/// </summary>
public sealed class ControllerRefManager(
    IApiClient client,
    JsonObject owner,
    Resource ownerKind,
    SelectorMatcher selector,
    Func<string, string, JsonObject, CancellationToken, Task<JsonObject>> patch)
{
    private readonly string _ownerUid = ObjectMeta.Uid(owner) ?? "";
    private Task? _adoptable;

    /// <summary>The dependents this owner controls after adoption and release; failed patches are returned as errors.</summary>
    public async Task<(IReadOnlyList<JsonObject> Claimed, IReadOnlyList<Exception> Errors)> ClaimAsync(IEnumerable<JsonObject> candidates, CancellationToken ct)
    {
        var claimed = new List<JsonObject>();
        var errors = new List<Exception>();
        foreach (var obj in candidates)
        {
            try
            {
                if (await ClaimOneAsync(obj, ct) is { } mine) claimed.Add(mine);
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                // Gone meanwhile: neither ours nor anyone's.
            }
            catch (Exception e) when (e is ApiException or InvalidOperationException)
            {
                errors.Add(e);
            }
        }
        return (claimed, errors);
    }

    private async Task<JsonObject?> ClaimOneAsync(JsonObject obj, CancellationToken ct)
    {
        var controllerRef = OwnerReferences.ControllerOf(obj);
        var matches = selector.MatchesObject(obj);
        if (controllerRef is not null)
        {
            if (controllerRef["uid"].Str() != _ownerUid) return null;
            if (matches) return obj;
            // An owner being deleted keeps its dependents so the garbage collector finds them.
            if (ObjectMeta.IsBeingDeleted(owner)) return null;
            await patch(ObjectMeta.Namespace(obj)!, ObjectMeta.Name(obj)!, OwnerRefsPatch(obj, OtherRefs(obj)), ct);
            return null;
        }
        if (!matches || ObjectMeta.IsBeingDeleted(owner) || ObjectMeta.IsBeingDeleted(obj)) return null;
        await (_adoptable ??= RecheckOwnerAsync(ct));
        var refs = OtherRefs(obj);
        refs.Add(OwnerReferences.NewControllerRef(owner, ownerKind));
        return await patch(ObjectMeta.Namespace(obj)!, ObjectMeta.Name(obj)!, OwnerRefsPatch(obj, refs), ct);
    }

    private JsonArray OtherRefs(JsonObject obj) =>
        new((obj["metadata"]?["ownerReferences"] as JsonArray ?? [])
            .OfType<JsonObject>().Where(r => r["uid"].Str() != _ownerUid).Select(r => (JsonNode?)r.DeepClone()).ToArray());

    /// <summary>A merge patch replacing the whole list, guarded by the resourceVersion the decision was made on.</summary>
    private static JsonObject OwnerRefsPatch(JsonObject obj, JsonArray refs) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["ownerReferences"] = refs,
            ["resourceVersion"] = ObjectMeta.ResourceVersion(obj),
        },
    };

    private async Task RecheckOwnerAsync(CancellationToken ct)
    {
        var fresh = await client.GetAsync(ownerKind, ObjectMeta.Namespace(owner), ObjectMeta.Name(owner)!, ct);
        var name = $"{ownerKind.Kind} {ObjectMeta.Namespace(owner)}/{ObjectMeta.Name(owner)}";
        if (ObjectMeta.Uid(fresh) != _ownerUid)
            throw new InvalidOperationException($"original {name} is gone: got uid {ObjectMeta.Uid(fresh)}, wanted {_ownerUid}");
        if (ObjectMeta.IsBeingDeleted(fresh))
            throw new InvalidOperationException($"{name} has just been deleted at {ObjectMeta.DeletionTimestamp(fresh)}");
    }
}
