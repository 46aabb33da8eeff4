using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;

namespace Wharf.Controllers.PodControl;

/// <summary>Reads and builds ownerReferences (upstream's <c>metav1.GetControllerOf</c> and <c>NewControllerRef</c>).</summary>
public static class OwnerReferences
{
    /// <summary>The ownerReference with controller=true, if any.</summary>
    public static JsonObject? ControllerOf(JsonObject obj)
    {
        // An indexed loop, not OfType().FirstOrDefault() (an iterator and an enumerator per call): every pod and ReplicaSet event asks this, twice for an update.
        if (obj["metadata"]?["ownerReferences"] is not JsonArray refs) return null;
        for (var i = 0; i < refs.Count; i++)
        {
            if (refs[i] is JsonObject r && r["controller"] is JsonValue v && v.TryGetValue<bool>(out var c) && c) return r;
        }
        return null;
    }

    /// <summary>A controller reference to <paramref name="owner"/> that also blocks its deletion until the dependent is gone.</summary>
    public static JsonObject NewControllerRef(JsonObject owner, Resource kind) => new()
    {
        ["apiVersion"] = kind.GroupVersion,
        ["kind"] = kind.Kind,
        ["name"] = ObjectMeta.Name(owner),
        ["uid"] = ObjectMeta.Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>
    /// What an Event needs of its object (apiVersion, kind, name, namespace, uid): cached list items may lack
    /// apiVersion and kind, and the cached object must not be modified.
    /// </summary>
    public static JsonObject EventTarget(JsonObject obj, Resource kind) => new()
    {
        ["apiVersion"] = kind.GroupVersion,
        ["kind"] = kind.Kind,
        ["metadata"] = new JsonObject
        {
            ["name"] = ObjectMeta.Name(obj),
            ["namespace"] = ObjectMeta.Namespace(obj),
            ["uid"] = ObjectMeta.Uid(obj),
            ["resourceVersion"] = ObjectMeta.ResourceVersion(obj),
        },
    };

    /// <summary>Whether <paramref name="reference"/> points at an object of <paramref name="kind"/> (any version of its group).</summary>
    public static bool RefersTo(JsonObject reference, Resource kind)
    {
        // The group compared in place: every pod event of a ReplicaSet-controlled pod asks this, and a substring each time added up.
        var apiVersion = (reference["apiVersion"].Str() ?? "").AsSpan();
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? [] : apiVersion[..slash];
        return group.SequenceEqual(kind.Group) && reference["kind"].Str() == kind.Kind;
    }
}
