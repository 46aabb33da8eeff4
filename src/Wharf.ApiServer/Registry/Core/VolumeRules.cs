using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's ValidateVolumes: unique DNS-label names, exactly one source per volume and the required fields of the
/// sources users write (emptyDir, hostPath, secret, configMap, PVC, downwardAPI, projected, nfs, csi, ephemeral, image).
/// </summary>
internal static class VolumeRules
{
    public const string FileMode = "must be a number between 0 and 0777 (octal), both inclusive";
    private const string OneType = "may not specify more than 1 volume type";
    private const int MaxFileMode = 511; // 0777

    /// <summary>
    /// Every source in upstream's checking order: the JSON key and the name upstream's "more than 1 volume type" error
    /// uses (a few differ from the key, e.g. its long-standing "downwarAPI").
    /// </summary>
    private static readonly (string Key, string ErrorName)[] Sources =
    [
        ("emptyDir", "emptyDir"), ("hostPath", "hostPath"), ("gitRepo", "gitRepo"), ("gcePersistentDisk", "gcePersistentDisk"),
        ("awsElasticBlockStore", "awsElasticBlockStore"), ("secret", "secret"), ("nfs", "nfs"), ("iscsi", "iscsi"),
        ("glusterfs", "glusterfs"), ("flocker", "flocker"), ("persistentVolumeClaim", "persistentVolumeClaim"), ("rbd", "rbd"),
        ("cinder", "cinder"), ("cephfs", "cephFS"), ("quobyte", "quobyte"), ("downwardAPI", "downwarAPI"), ("fc", "fc"),
        ("flexVolume", "flexVolume"), ("configMap", "configMap"), ("azureFile", "azureFile"), ("vsphereVolume", "vsphereVolume"),
        ("photonPersistentDisk", "photonPersistentDisk"), ("portworxVolume", "portworxVolume"), ("azureDisk", "azureDisk"),
        ("storageos", "storageos"), ("projected", "projected"), ("scaleIO", "scaleIO"), ("csi", "csi"), ("ephemeral", "ephemeral"),
        ("image", "image"),
    ];

    private static readonly string[] HostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
    private static readonly string[] VolumeFieldPaths = ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];
    private static readonly string[] ImagePullPolicies = ["Always", "IfNotPresent", "Never"];

    /// <summary>Validates the volumes and returns the valid ones by name (mounts of invalid volumes are "Not found", as upstream).</summary>
    public static IReadOnlyDictionary<string, JsonObject> Validate(JsonNode? volumes, string path, List<FieldError> errors)
    {
        if (volumes is not JsonArray { Count: > 0 } list) return None;
        var valid = new Dictionary<string, JsonObject>();
        var index = 0;
        foreach (var volume in list.Objects())
        {
            var at = new LazyPath(path, index++);
            var before = errors.Count;
            var name = volume.Str("name") ?? "";
            ValidateSource(volume, at, errors);
            if (name.Length == 0)
                errors.Add(FieldError.Required($"{at}.name"));
            else if (!NameRules.IsValidDns1123Label(name))
                PodSpecValidator.Label(name, $"{at}.name", errors);
            if (valid.ContainsKey(name))
                errors.Add(FieldError.Duplicate($"{at}.name", name));
            if (errors.Count == before)
                valid[name] = volume;
        }
        return valid;
    }

    /// <summary>No volumes (a pod without any needs no dictionary).</summary>
    public static readonly IReadOnlyDictionary<string, JsonObject> None = new Dictionary<string, JsonObject>();

    private static void ValidateSource(JsonObject volume, LazyPath at, List<FieldError> errors)
    {
        var count = 0;
        foreach (var (key, errorName) in Sources)
        {
            if (volume[key] is not JsonObject source) continue;
            if (count++ > 0)
            {
                errors.Add(FieldError.Forbidden($"{at}.{errorName}", OneType));
                continue;
            }
            var sourcePath = new SourcePath(at, key);
            switch (key)
            {
                case "emptyDir":
                    if (source["sizeLimit"] is { } limit && QuantityRules.Parse(limit) is < 0)
                        errors.Add(FieldError.Forbidden($"{sourcePath}.sizeLimit", "SizeLimit field must be a valid resource quantity"));
                    break;
                case "hostPath":
                    var hostPath = source.Str("path");
                    if (string.IsNullOrEmpty(hostPath))
                    {
                        errors.Add(FieldError.Required($"{sourcePath}.path"));
                        break;
                    }
                    PathRules.NoBacksteps(hostPath, $"{sourcePath}.path", errors);
                    if (source.Str("type") is { } type && Array.IndexOf(HostPathTypes, type) < 0)
                        errors.Add(FieldError.NotSupported($"{sourcePath}.type", type, HostPathTypes));
                    break;
                case "secret":
                    RequiredString(source, "secretName", sourcePath, errors);
                    Mode(source["defaultMode"], sourcePath, "defaultMode", errors);
                    if (source["items"] is JsonArray { Count: > 0 } secretItems)
                        KeyToPaths(secretItems, $"{sourcePath}.items", errors, null, null);
                    break;
                case "configMap":
                    RequiredString(source, "name", sourcePath, errors);
                    Mode(source["defaultMode"], sourcePath, "defaultMode", errors);
                    if (source["items"] is JsonArray { Count: > 0 } configMapItems)
                        KeyToPaths(configMapItems, $"{sourcePath}.items", errors, null, null);
                    break;
                case "persistentVolumeClaim":
                    RequiredString(source, "claimName", sourcePath, errors);
                    break;
                case "downwardAPI":
                    Mode(source["defaultMode"], sourcePath, "defaultMode", errors);
                    foreach (var file in source["items"].Objects())
                        DownwardApiFile(file, sourcePath.ToString(), errors);
                    break;
                case "projected":
                    Mode(source["defaultMode"], sourcePath, "defaultMode", errors);
                    ProjectedSources(source, sourcePath.ToString(), errors);
                    break;
                case "nfs":
                    RequiredString(source, "server", sourcePath, errors);
                    var nfsPath = source.Str("path") ?? "";
                    if (nfsPath.Length == 0) errors.Add(FieldError.Required($"{sourcePath}.path"));
                    if (!nfsPath.StartsWith('/')) errors.Add(FieldError.Invalid($"{sourcePath}.path", nfsPath, "must be an absolute path"));
                    break;
                case "csi":
                    RequiredString(source, "driver", sourcePath, errors);
                    break;
                case "ephemeral":
                    if (source["volumeClaimTemplate"] is not JsonObject)
                        errors.Add(FieldError.Required($"{sourcePath}.volumeClaimTemplate"));
                    break;
                case "image":
                    if (source.Str("pullPolicy") is { Length: > 0 } pull && Array.IndexOf(ImagePullPolicies, pull) < 0)
                        errors.Add(FieldError.NotSupported($"{sourcePath}.pullPolicy", pull, ImagePullPolicies));
                    break;
            }
        }
        if (count == 0)
            errors.Add(FieldError.Required(at.ToString(), "must specify a volume type"));
    }

    private static void ProjectedSources(JsonObject projected, string path, List<FieldError> errors)
    {
        var paths = new HashSet<string>();
        var index = 0;
        foreach (var source in projected["sources"].Objects())
        {
            var at = new LazyPath($"{path}.sources", index++);
            var kinds = 0;
            if (source["secret"] is JsonObject secret)
            {
                kinds++;
                RequiredString(secret, "name", new SourcePath(at, "secret"), errors);
                if (secret["items"] is JsonArray { Count: > 0 } items)
                    KeyToPaths(items, $"{at}.secret.items", errors, paths, (path, secret.Str("name") ?? ""));
            }
            if (source["configMap"] is JsonObject configMap)
            {
                kinds++;
                RequiredString(configMap, "name", new SourcePath(at, "configMap"), errors);
                if (configMap["items"] is JsonArray { Count: > 0 } items)
                    KeyToPaths(items, $"{at}.configMap.items", errors, paths, (path, configMap.Str("name") ?? ""));
            }
            if (source["downwardAPI"] is JsonObject downward)
            {
                kinds++;
                foreach (var file in downward["items"].Objects())
                {
                    DownwardApiFile(file, $"{at}.downwardAPI", errors);
                    if (file.Str("path") is { Length: > 0 } filePath && !paths.Add(filePath))
                        errors.Add(FieldError.Invalid(path, filePath, "conflicting duplicate paths"));
                }
            }
            if (source["serviceAccountToken"] is JsonObject token)
            {
                kinds++;
                var expiration = token["expirationSeconds"].Long() ?? 3600; // upstream defaults one hour
                if (expiration < 600)
                    errors.Add(FieldError.Invalid($"{at}.serviceAccountToken.expirationSeconds", expiration, "may not specify a duration less than 10 minutes"));
                if (expiration > 1L << 32)
                    errors.Add(FieldError.Invalid($"{at}.serviceAccountToken.expirationSeconds", expiration, "may not specify a duration larger than 2^32 seconds"));
                // Upstream reports these at the volume's path, not the source's.
                if (string.IsNullOrEmpty(token.Str("path")))
                    errors.Add(FieldError.Required($"{path}.path"));
                else
                    PathRules.LocalNonReserved(token.Str("path")!, $"{path}.path", errors);
            }
            if (source["clusterTrustBundle"] is JsonObject bundle)
            {
                kinds++;
                var bundlePath = bundle.Str("path") ?? "";
                if (bundlePath.Length == 0) errors.Add(FieldError.Required($"{at}.clusterTrustBundle.path"));
                PathRules.LocalNonReserved(bundlePath, $"{at}.clusterTrustBundle.path", errors);
                if (!paths.Add(bundlePath))
                    errors.Add(FieldError.Invalid(path, bundlePath, "conflicting duplicate paths"));
            }
            if (kinds > 1)
                errors.Add(FieldError.Forbidden(at.ToString(), "may not specify more than 1 volume type per source"));
        }
    }

    /// <summary>
    /// validateKeyToPath for secret/configMap items; for projected sources also the duplicate-path check, which upstream
    /// reports at the volume with the source's name as the value.
    /// </summary>
    private static void KeyToPaths(JsonArray items, string path, List<FieldError> errors, HashSet<string>? paths, (string Path, string Name)? projected)
    {
        var index = 0;
        foreach (var item in items.Objects())
        {
            var at = new LazyPath(path, index++);
            RequiredString(item, "key", at, errors);
            var itemPath = item.Str("path") ?? "";
            if (itemPath.Length == 0) errors.Add(FieldError.Required($"{at}.path"));
            PathRules.LocalNonReserved(itemPath, $"{at}.path", errors);
            Mode(item["mode"], at, "mode", errors);
            if (paths is not null && itemPath.Length > 0 && !paths.Add(itemPath))
                errors.Add(FieldError.Invalid(projected!.Value.Path, projected.Value.Name, "conflicting duplicate paths"));
        }
    }

    private static void DownwardApiFile(JsonObject file, string path, List<FieldError> errors)
    {
        var filePath = file.Str("path") ?? "";
        if (filePath.Length == 0) errors.Add(FieldError.Required($"{path}.path"));
        PathRules.LocalNonReserved(filePath, $"{path}.path", errors);
        if (file["fieldRef"] is JsonObject fieldRef)
        {
            EnvRules.ObjectFieldSelector(fieldRef, VolumeFieldPaths, $"{path}.fieldRef", errors);
            if (file["resourceFieldRef"] is not null)
                errors.Add(FieldError.Invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
        }
        else if (file["resourceFieldRef"] is JsonObject resourceFieldRef)
        {
            EnvRules.ResourceFieldSelector(resourceFieldRef, $"{path}.resourceFieldRef", volume: true, errors);
        }
        else
        {
            errors.Add(FieldError.Required(path, "one of fieldRef and resourceFieldRef is required"));
        }
        Mode(file["mode"], path, "mode", errors);
    }

    private static void Mode<TPath>(JsonNode? mode, TPath parentPath, string key, List<FieldError> errors)
    {
        if (mode.Long() is { } value and (< 0 or > MaxFileMode))
            errors.Add(FieldError.Invalid($"{parentPath}.{key}", value, FileMode));
    }

    private static void RequiredString<TPath>(JsonObject parent, string key, TPath path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(parent.Str(key)))
            errors.Add(FieldError.Required($"{path}.{key}"));
    }
}
