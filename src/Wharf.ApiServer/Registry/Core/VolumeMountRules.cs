using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's ValidateVolumeMounts and ValidateVolumeDevices: each names a volume of the pod, mount paths are unique,
/// sub-paths stay inside the volume. Upstream reports sub-path and propagation errors at the list's path (without the
/// index); that is kept, since it is what kubectl users see.
/// </summary>
internal static class VolumeMountRules
{
    private static readonly string[] Propagations = ["Bidirectional", "HostToContainer", "None"];
    private static readonly string[] RecursiveReadOnly = ["Disabled", "Enabled", "IfPossible"];

    public static void Validate(JsonObject container, IReadOnlyDictionary<string, JsonObject> volumes, string containerPath, List<FieldError> errors)
    {
        var mounts = container["volumeMounts"] as JsonArray;
        var devices = container["volumeDevices"] as JsonArray;
        if (mounts is { Count: > 0 })
            ValidateMounts(container, mounts, devices, volumes, $"{containerPath}.volumeMounts", errors);
        if (devices is { Count: > 0 })
            ValidateDevices(devices, mounts, volumes, $"{containerPath}.volumeDevices", errors);
    }

    private static void ValidateMounts(JsonObject container, JsonArray mounts, JsonArray? devices, IReadOnlyDictionary<string, JsonObject> volumes, string path, List<FieldError> errors)
    {
        var mountPaths = new HashSet<string>();
        var index = 0;
        foreach (var mount in mounts.Objects())
        {
            var at = new LazyPath(path, index++);
            var name = mount.Str("name") ?? "";
            var mountPath = mount.Str("mountPath") ?? "";
            if (name.Length == 0)
                errors.Add(FieldError.Required($"{at}.name"));
            if (!volumes.ContainsKey(name))
                errors.Add(FieldError.NotFound($"{at}.name", name));
            if (mountPath.Length == 0)
                errors.Add(FieldError.Required($"{at}.mountPath"));
            if (!mountPaths.Add(mountPath))
                errors.Add(FieldError.Invalid($"{at}.mountPath", mountPath, "must be unique"));
            if (devices is not null)
            {
                if (Has(devices, "name", name))
                    errors.Add(FieldError.Invalid($"{at}.name", name, "must not already exist in volumeDevices"));
                if (Has(devices, "devicePath", mountPath))
                    errors.Add(FieldError.Invalid($"{at}.mountPath", mountPath, "must not already exist as a path in volumeDevices"));
            }
            var subPath = mount.Str("subPath") ?? "";
            var subPathExpr = mount.Str("subPathExpr") ?? "";
            if (volumes.TryGetValue(name, out var volume) && volume["image"] is JsonObject)
            {
                if (subPath.Length > 0) errors.Add(FieldError.Invalid($"{at}.subPath", subPath, "not allowed in image volume sources"));
                if (subPathExpr.Length > 0) errors.Add(FieldError.Invalid($"{at}.subPathExpr", subPathExpr, "not allowed in image volume sources"));
            }
            if (subPath.Length > 0)
                PathRules.LocalDescending(subPath, $"{path}.subPath", errors);
            if (subPathExpr.Length > 0)
            {
                if (subPath.Length > 0)
                    errors.Add(FieldError.Invalid($"{at}.subPathExpr", subPathExpr, "subPathExpr and subPath are mutually exclusive"));
                PathRules.LocalDescending(subPathExpr, $"{path}.subPathExpr", errors);
            }
            var propagation = mount.Str("mountPropagation");
            if (propagation is not null)
            {
                if (Array.IndexOf(Propagations, propagation) < 0)
                    errors.Add(FieldError.NotSupported($"{path}.mountPropagation", propagation, Propagations));
                if (propagation == "Bidirectional" && container["securityContext"]?["privileged"].Bool() != true)
                    errors.Add(FieldError.Forbidden($"{path}.mountPropagation", "Bidirectional mount propagation is available only to privileged containers"));
            }
            switch (mount.Str("recursiveReadOnly"))
            {
                case null or "Disabled":
                    break;
                case "Enabled" or "IfPossible":
                    if (mount["readOnly"].Bool() != true)
                        errors.Add(FieldError.Forbidden($"{path}.recursiveReadOnly", "may only be specified when readOnly is true"));
                    if (propagation is not null and not "None")
                        errors.Add(FieldError.Forbidden($"{path}.recursiveReadOnly", "may only be specified when mountPropagation is None or not specified"));
                    break;
                case var other:
                    errors.Add(FieldError.NotSupported($"{path}.recursiveReadOnly", other, RecursiveReadOnly));
                    break;
            }
        }
    }

    private static void ValidateDevices(JsonArray devices, JsonArray? mounts, IReadOnlyDictionary<string, JsonObject> volumes, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>();
        var devicePaths = new HashSet<string>();
        var index = 0;
        foreach (var device in devices.Objects())
        {
            var at = $"{path}[{index++}]";
            var name = device.Str("name") ?? "";
            var devicePath = device.Str("devicePath") ?? "";
            var matched = volumes.TryGetValue(name, out var volume);
            if (name.Length == 0) errors.Add(FieldError.Required($"{at}.name"));
            if (names.Contains(name)) errors.Add(FieldError.Invalid($"{at}.name", name, "must be unique"));
            if (matched && volume!["persistentVolumeClaim"] is null && volume["ephemeral"] is null)
                errors.Add(FieldError.Invalid($"{at}.name", name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
            if (!matched) errors.Add(FieldError.NotFound($"{at}.name", name));
            if (devicePath.Length == 0) errors.Add(FieldError.Required($"{at}.devicePath"));
            if (devicePaths.Contains(devicePath)) errors.Add(FieldError.Invalid($"{at}.devicePath", devicePath, "must be unique"));
            var backsteps = new List<FieldError>(0);
            if (devicePath.Length > 0) PathRules.NoBacksteps(devicePath, at, backsteps);
            if (backsteps.Count > 0)
                errors.Add(FieldError.Invalid($"{at}.devicePath", devicePath, "can not contain backsteps ('..')"));
            else
                devicePaths.Add(devicePath);
            if (mounts is not null)
            {
                if (Has(mounts, "name", name)) errors.Add(FieldError.Invalid($"{at}.name", name, "must not already exist in volumeMounts"));
                if (Has(mounts, "mountPath", devicePath)) errors.Add(FieldError.Invalid($"{at}.devicePath", devicePath, "must not already exist as a path in volumeMounts"));
            }
            if (name.Length > 0) names.Add(name);
        }
    }

    private static bool Has(JsonArray items, string key, string value)
    {
        foreach (var item in items.Objects())
            if (item.Str(key) == value) return true;
        return false;
    }
}
