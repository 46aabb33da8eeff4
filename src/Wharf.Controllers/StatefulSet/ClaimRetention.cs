using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.StatefulSet;

/// <summary>
/// persistentVolumeClaimRetentionPolicy expressed as ownerReferences on a member's claims, so the garbage collector
/// does the deleting, as upstream: Retain/Retain no reference; whenDeleted=Delete a controller reference to the set;
/// whenScaled=Delete a controller reference to the pod once its ordinal is out of range (Delete/Delete: the set
/// while in range, the pod once scaled away). References left by an earlier set or pod of the same name (another
/// uid) mean the claim is not ours to touch.
/// </summary>
internal static class ClaimRetention
{
    private const string PodApiVersion = "v1";
    private const string PodKind = "Pod";

    /// <summary>The claim's references already say what the policy wants (upstream's isClaimOwnerUpToDate).</summary>
    public static bool IsUpToDate(JsonObject claim, JsonObject set, JsonObject pod)
    {
        if (HasStaleRef(claim, SetRef(set)) || HasStaleRef(claim, PodRef(pod))) return true;
        if (HasUnexpectedController(claim, set, pod))
            return !(HasRef(claim, ObjectMeta.Uid(set)) || HasRef(claim, ObjectMeta.Uid(pod)));
        if (HasNonControllerRef(claim, set, pod)) return false;
        var (wantSet, wantPod) = Wanted(set, pod);
        return HasRef(claim, ObjectMeta.Uid(set)) == wantSet && HasRef(claim, ObjectMeta.Uid(pod)) == wantPod;
    }

    /// <summary>The claim's ownerReferences rewritten for the policy: ours scrubbed, then added back as wanted.</summary>
    public static JsonArray UpdatedRefs(JsonObject claim, JsonObject set, JsonObject pod)
    {
        var unexpected = HasUnexpectedController(claim, set, pod);
        var setRef = SetRef(set);
        var podRef = PodRef(pod);
        var refs = new JsonArray(Refs(claim).Where(r => !Matches(r, setRef) && !Matches(r, podRef)).Select(r => (JsonNode?)r.DeepClone()).ToArray());
        if (unexpected) return refs;
        var (wantSet, wantPod) = Wanted(set, pod);
        if (wantSet) refs.Add(OwnerReferences.NewControllerRef(set, Resource.StatefulSets));
        if (wantPod && ObjectMeta.Uid(pod) is { Length: > 0 }) refs.Add(OwnerReferences.NewControllerRef(pod, Resource.Pods));
        return refs;
    }

    /// <summary>
    /// A claim still owned by an earlier pod of this name (whenScaled=Delete): the garbage collector is about to delete
    /// it, so the new pod must wait rather than mount it (upstream's PodClaimIsStale).
    /// </summary>
    public static bool IsStaleFor(JsonObject claim, JsonObject pod) => HasStaleRef(claim, PodRef(pod));

    /// <summary>Whether the policy wants a reference to the set and to the pod.</summary>
    private static (bool Set, bool Pod) Wanted(JsonObject set, JsonObject pod)
    {
        var (whenDeleted, whenScaled) = StatefulSetSpec.RetentionPolicy(set);
        var scaledDown = !StatefulSetSpec.InRange(set, StatefulPods.Ordinal(pod));
        var deleteOnScale = whenScaled == StatefulSetSpec.Delete;
        var deleteWithSet = whenDeleted == StatefulSetSpec.Delete;
        return deleteOnScale && deleteWithSet
            ? (!scaledDown, scaledDown)
            : (deleteWithSet, deleteOnScale && scaledDown);
    }

    private static bool HasUnexpectedController(JsonObject claim, JsonObject set, JsonObject pod)
    {
        if (StatefulSetSpec.RetentionPolicy(set) == (StatefulSetSpec.Retain, StatefulSetSpec.Retain)) return false;
        var setRef = SetRef(set);
        var podRef = PodRef(pod);
        foreach (var r in Refs(claim))
        {
            if (Matches(r, setRef)) { if (r["uid"].Str() != setRef.Uid) return true; continue; }
            if (Matches(r, podRef)) { if (r["uid"].Str() != podRef.Uid) return true; continue; }
            if (IsController(r)) return true;
        }
        return false;
    }

    private static bool HasNonControllerRef(JsonObject claim, JsonObject set, JsonObject pod) =>
        Refs(claim).Any(r => (r["uid"].Str() == ObjectMeta.Uid(set) || (ObjectMeta.Uid(pod) is { } uid && r["uid"].Str() == uid)) && !IsController(r));

    private static bool HasRef(JsonObject claim, string? uid) => uid is { Length: > 0 } && Refs(claim).Any(r => r["uid"].Str() == uid);

    private static bool HasStaleRef(JsonObject claim, Owner owner) =>
        Refs(claim).FirstOrDefault(r => Matches(r, owner)) is { } r && r["uid"].Str() != owner.Uid;

    private static bool Matches(JsonObject reference, Owner owner) =>
        reference["apiVersion"].Str() == owner.ApiVersion && reference["kind"].Str() == owner.Kind && reference["name"].Str() == owner.Name;

    private static bool IsController(JsonObject reference) => reference["controller"] is JsonValue v && v.TryGetValue<bool>(out var c) && c;

    private static IEnumerable<JsonObject> Refs(JsonObject claim) => (claim["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>();

    private static Owner SetRef(JsonObject set) => new(Resource.StatefulSets.GroupVersion, Resource.StatefulSets.Kind, ObjectMeta.Name(set), ObjectMeta.Uid(set));

    private static Owner PodRef(JsonObject pod) => new(PodApiVersion, PodKind, ObjectMeta.Name(pod), ObjectMeta.Uid(pod));

    private sealed record Owner(string ApiVersion, string Kind, string? Name, string? Uid);
}
