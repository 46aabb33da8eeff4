using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// PersistentVolumes: access modes, a storage capacity, exactly one volume source (with its essential fields), known
/// reclaim policy and volume mode; the source, volume mode and node affinity are fixed once created.
/// </summary>
internal sealed class PersistentVolumeStrategy : ResourceStrategy
{
    /// <summary>The PersistentVolumeSource members: a PV names exactly one.</summary>
    private static readonly string[] Sources =
    [
        "gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs", "rbd", "iscsi", "cinder", "cephfs", "fc",
        "flocker", "flexVolume", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume",
        "scaleIO", "local", "storageos", "csi",
    ];

    public PersistentVolumeStrategy() => HasStatusSubresource = true;

    protected override void InitialStatus(JsonObject obj) => obj["status"] = new JsonObject { ["phase"] = "Pending" };

    protected override void ApplyDefaults(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        spec.Default("persistentVolumeReclaimPolicy", "Retain");
        spec.Default("volumeMode", "Filesystem");
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        foreach (var e in AccessModeRules.Validate(spec?["accessModes"], "spec.accessModes", "")) yield return e;
        if (spec?["capacity"] is not JsonObject { Count: > 0 } capacity)
            yield return FieldError.Required("spec.capacity");
        else
        {
            foreach (var (name, _) in capacity.Where(kv => kv.Key != "storage"))
                yield return FieldError.NotSupported("spec.capacity", name, ["storage"]);
            if (capacity["storage"] is { } storage)
                foreach (var e in QuantityRules.NonNegative(storage, "spec.capacity[storage]")) yield return e;
        }
        var present = Sources.Where(s => spec?[s] is not null).ToList();
        if (present.Count == 0)
            yield return FieldError.Required("spec", "must specify a volume type");
        foreach (var extra in present.Skip(1))
            yield return FieldError.Forbidden($"spec.{extra}", "may not specify more than 1 volume type");
        foreach (var e in SourceFields(spec)) yield return e;
        foreach (var e in FieldRules.OneOf(spec, "persistentVolumeReclaimPolicy", "spec.persistentVolumeReclaimPolicy", ["Delete", "Recycle", "Retain"])) yield return e;
        foreach (var e in FieldRules.OneOf(spec, "volumeMode", "spec.volumeMode", ["Block", "Filesystem"])) yield return e;
        if (spec.Str("storageClassName") is { Length: > 0 } className)
            foreach (var msg in NameRules.IsDns1123Subdomain(className))
                yield return FieldError.Invalid("spec.storageClassName", className, msg);
    }

    private static IEnumerable<FieldError> SourceFields(JsonObject? spec)
    {
        foreach (var (source, field) in new[] { ("hostPath", "path"), ("local", "path"), ("nfs", "server"), ("nfs", "path"), ("csi", "driver"), ("csi", "volumeHandle") })
            if (spec?[source] is JsonObject s && string.IsNullOrEmpty(s.Str(field)))
                yield return FieldError.Required($"spec.{source}.{field}");
        if (spec?["nfs"].Str("path") is { Length: > 0 } nfsPath && !nfsPath.StartsWith('/'))
            yield return FieldError.Invalid("spec.nfs.path", nfsPath, "must be an absolute path");
        if (spec?["local"] is not null && spec["nodeAffinity"] is null)
            yield return FieldError.Required("spec.nodeAffinity", "Local volumes require node affinity");
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        var spec = obj["spec"];
        var oldSpec = old["spec"];
        if (Sources.Any(s => !JsonNode.DeepEquals(spec?[s], oldSpec?[s])))
            yield return FieldError.Forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation");
        foreach (var e in FieldRules.Unchanged(spec?["volumeMode"], oldSpec?["volumeMode"], "spec.volumeMode")) yield return e;
        if (oldSpec?["nodeAffinity"] is not null)
            foreach (var e in FieldRules.Unchanged(spec?["nodeAffinity"], oldSpec["nodeAffinity"], "spec.nodeAffinity")) yield return e;
    }
}
