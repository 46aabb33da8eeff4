using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// PersistentVolumeClaims: access modes, a positive storage request, a valid selector and class; after creation the
/// spec is fixed except the binder's volumeName (set once) and, for bound claims, a storage request that only grows.
/// </summary>
internal sealed class PersistentVolumeClaimStrategy : ResourceStrategy
{
    public PersistentVolumeClaimStrategy() => HasStatusSubresource = true;

    protected override void InitialStatus(JsonObject obj) => obj["status"] = new JsonObject { ["phase"] = "Pending" };

    protected override void ApplyDefaults(JsonObject obj) => obj.Obj("spec").Default("volumeMode", "Filesystem");

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        foreach (var e in AccessModeRules.Validate(spec?["accessModes"], "spec.accessModes", "at least 1 access mode is required")) yield return e;
        foreach (var e in LabelSelectorRules.Validate(spec?["selector"], "spec.selector")) yield return e;
        if (spec?["resources"]?["requests"]?["storage"] is not { } storage)
            yield return FieldError.Required("spec.resources[storage]");
        else
            foreach (var e in QuantityRules.Positive(storage, "spec.resources[storage]")) yield return e;
        if (spec.Str("storageClassName") is { Length: > 0 } className)
            foreach (var msg in NameRules.IsDns1123Subdomain(className))
                yield return FieldError.Invalid("spec.storageClassName", className, msg);
        foreach (var e in FieldRules.OneOf(spec, "volumeMode", "spec.volumeMode", ["Block", "Filesystem"])) yield return e;
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        var now = (obj["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var before = (old["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        // The binder sets volumeName once.
        if (string.IsNullOrEmpty(before.Str("volumeName")))
        {
            before.Remove("volumeName");
            if (now["volumeName"] is { } volumeName) before["volumeName"] = volumeName.DeepClone();
        }
        var bound = old["status"].Str("phase") == "Bound";
        var newSize = QuantityRules.Parse(now["resources"]?["requests"]?["storage"]);
        var oldSize = QuantityRules.Parse(before["resources"]?["requests"]?["storage"]);
        if (bound && now["resources"]?["requests"] is JsonObject requests)
            requests["storage"] = before["resources"]?["requests"]?["storage"]?.DeepClone();
        if (!JsonNode.DeepEquals(now, before))
            yield return FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
        if (newSize < oldSize)
            yield return FieldError.Forbidden("spec.resources.requests.storage", "field can not be less than previous value");
    }
}
