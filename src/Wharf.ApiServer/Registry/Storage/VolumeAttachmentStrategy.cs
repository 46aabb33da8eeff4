using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Storage;

/// <summary>
/// VolumeAttachments: upstream's ValidateVolumeAttachment (an attacher driver name, exactly one source, a node) and
/// its update rule (the spec never changes).
/// </summary>
internal sealed class VolumeAttachmentStrategy : ResourceStrategy
{
    private const string OneSource = "must specify exactly one of inlineVolumeSpec and persistentVolumeName";

    public VolumeAttachmentStrategy() => HasStatusSubresource = true;

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        foreach (var e in CsiDriverName.Validate(spec.Str("attacher"), "spec.attacher")) yield return e;
        var source = spec["source"] as JsonObject ?? [];
        var pvName = source["persistentVolumeName"];
        var inline = source["inlineVolumeSpec"];
        if (pvName is null && inline is null)
            yield return FieldError.Required("spec.source", OneSource);
        else if (pvName is not null && inline is not null)
            yield return FieldError.Forbidden("spec.source", OneSource);
        else if (pvName is not null && string.IsNullOrEmpty(source.Str("persistentVolumeName")))
            yield return FieldError.Required("spec.source.persistentVolumeName", "must specify non empty persistentVolumeName");
        var nodeName = spec.Str("nodeName") ?? "";
        if (nodeName.Length == 0)
            yield return FieldError.Required("spec.nodeName");
        else
            foreach (var msg in NameRules.IsDns1123Subdomain(nodeName))
                yield return FieldError.Invalid("spec.nodeName", nodeName, msg);
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        if (!JsonNode.DeepEquals(obj["spec"], old["spec"]))
            yield return FieldError.Invalid("spec", new RawFieldValue(obj["spec"]?.ToJsonString() ?? "null"), FieldRules.Immutable);
    }
}
