using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Meta;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers;

/// <summary>
/// How a workload controller finds the owner of an object from its informer cache (client-go's
/// resolveControllerRef and the getXForPod helpers): by controllerRef, or by selector for an orphan.
/// </summary>
internal static class OwnerLookup
{
    /// <summary>The cached owner a controllerRef points at, if it still is the same object (same UID).</summary>
    public static JsonObject? Resolve(ISharedIndexInformer owners, Resource kind, string? ns, JsonObject? controllerRef)
    {
        if (controllerRef is null || !OwnerReferences.RefersTo(controllerRef, kind)) return null;
        var owner = owners.Store.Get(ns, controllerRef["name"].Str() ?? "");
        return owner is not null && ObjectMeta.Uid(owner) == controllerRef["uid"].Str() ? owner : null;
    }

    /// <summary>Owners in the object's namespace whose selector matches it (owners with a broken selector are skipped).</summary>
    public static IEnumerable<JsonObject> Selecting(ISharedIndexInformer owners, JsonObject obj, Func<JsonObject, SelectorMatcher> selectorOf)
    {
        foreach (var owner in owners.Store.ByIndex(Indexers.Namespace, ObjectMeta.Namespace(obj) ?? ""))
        {
            SelectorMatcher selector;
            try
            {
                selector = selectorOf(owner);
            }
            catch (FormatException)
            {
                continue;
            }
            if (selector.MatchesObject(obj)) yield return owner;
        }
    }

    /// <summary>The selector at <c>spec.selector</c> (every apps/v1 workload).</summary>
    public static SelectorMatcher SpecSelector(JsonObject owner) => SelectorMatcher.FromLabelSelector(owner["spec"]?["selector"]);
}
