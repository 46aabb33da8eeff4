using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's ValidateEnv / ValidateEnvFrom and the downward-API selectors env vars and volumes share. Names follow
/// the relaxed rule 1.32 enables by default (printable ASCII except '=').
/// </summary>
internal static class EnvRules
{
    private const string RelaxedName = "a valid environment variable name must consist only of printable ASCII characters other than '='";
    private static readonly string[] EnvFieldPaths =
        ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"];
    private static readonly string[] ResourceFieldPaths =
        ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];
    private static readonly HashSet<string> ConvertibleFieldPaths =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.restartPolicy",
        "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    public static void ValidateEnv(JsonNode? env, string path, List<FieldError> errors)
    {
        if (env is not JsonArray { Count: > 0 }) return;
        var index = 0;
        foreach (var variable in env.Objects())
        {
            var at = new LazyPath(path, index++);
            var name = variable.Str("name") ?? "";
            if (name.Length == 0)
                errors.Add(FieldError.Required($"{at}.name"));
            else if (!IsRelaxedName(name))
                errors.Add(FieldError.Invalid($"{at}.name", name, RelaxedName));
            if (variable["valueFrom"] is JsonObject valueFrom)
                ValidateValueFrom(valueFrom, variable.Str("value") ?? "", $"{at}.valueFrom", errors);
        }
    }

    public static void ValidateEnvFrom(JsonNode? envFrom, string path, List<FieldError> errors)
    {
        if (envFrom is not JsonArray { Count: > 0 }) return;
        var index = 0;
        foreach (var source in envFrom.Objects())
        {
            var at = new LazyPath(path, index++);
            var prefix = source.Str("prefix") ?? "";
            if (prefix.Length > 0 && !IsRelaxedName(prefix))
                errors.Add(FieldError.Invalid($"{at}.prefix", prefix, RelaxedName));
            var count = 0;
            foreach (var key in (ReadOnlySpan<string>)["configMapRef", "secretRef"])
            {
                if (source[key] is not JsonObject reference) continue;
                count++;
                var name = reference.Str("name") ?? "";
                if (name.Length == 0)
                    errors.Add(FieldError.Required($"{at}.{key}.name"));
                else if (!NameRules.IsValidDns1123Subdomain(MaskTrailingDash(name)))
                    PodSpecValidator.Subdomain(MaskTrailingDash(name), $"{at}.{key}.name", errors);
            }
            // Upstream reports both at the list's path.
            if (count == 0)
                errors.Add(FieldError.Invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
            else if (count > 1)
                errors.Add(FieldError.Invalid(path, "", "may not have more than one field specified at a time"));
        }
    }

    /// <summary>validateObjectFieldSelector: a v1 pod field (label and annotation subscripts allowed) from <paramref name="supported"/>.</summary>
    public static void ObjectFieldSelector(JsonObject selector, string[] supported, string path, List<FieldError> errors)
    {
        // Upstream defaults apiVersion to v1 before validating; Wharf validates undefaulted selectors.
        var apiVersion = selector.Str("apiVersion") ?? "v1";
        var fieldPath = selector.Str("fieldPath") ?? "";
        if (apiVersion.Length == 0)
        {
            errors.Add(FieldError.Required($"{path}.apiVersion"));
            return;
        }
        if (fieldPath.Length == 0)
        {
            errors.Add(FieldError.Required($"{path}.fieldPath"));
            return;
        }
        var subscripted = SplitSubscript(fieldPath, out var field, out var subscript);
        string? conversionError = null;
        if (apiVersion != "v1")
            conversionError = $"unsupported pod version: {apiVersion}";
        else if (subscripted && field is not ("metadata.annotations" or "metadata.labels"))
            conversionError = $"field label does not support subscript: {fieldPath}";
        else if (!subscripted && !ConvertibleFieldPaths.Contains(fieldPath) && fieldPath != "spec.host")
            conversionError = $"field label not supported: {fieldPath}";
        if (conversionError is not null)
        {
            errors.Add(FieldError.Invalid($"{path}.fieldPath", fieldPath, $"error converting fieldPath: {conversionError}"));
            return;
        }
        if (subscripted)
        {
            var key = field == "metadata.annotations" ? subscript.ToLowerInvariant() : subscript;
            foreach (var msg in NameRules.IsQualifiedName(key))
                errors.Add(FieldError.Invalid(path, key, msg));
            return;
        }
        var converted = fieldPath == "spec.host" ? "spec.nodeName" : fieldPath;
        if (Array.IndexOf(supported, converted) < 0)
            errors.Add(FieldError.NotSupported($"{path}.fieldPath", converted, supported));
    }

    /// <summary>validateContainerResourceFieldSelector: a container's limit or request (volumes must name the container).</summary>
    public static void ResourceFieldSelector(JsonObject selector, string path, bool volume, List<FieldError> errors)
    {
        var resource = selector.Str("resource") ?? "";
        if (volume && string.IsNullOrEmpty(selector.Str("containerName")))
            errors.Add(FieldError.Required($"{path}.containerName"));
        else if (resource.Length == 0)
            errors.Add(FieldError.Required($"{path}.resource"));
        else if (Array.IndexOf(ResourceFieldPaths, resource) < 0
                 && !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal)
                 && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
            errors.Add(FieldError.NotSupported($"{path}.resource", resource, ResourceFieldPaths));
    }

    private static void ValidateValueFrom(JsonObject valueFrom, string value, string path, List<FieldError> errors)
    {
        var count = 0;
        if (valueFrom["fieldRef"] is JsonObject fieldRef)
        {
            count++;
            ObjectFieldSelector(fieldRef, EnvFieldPaths, $"{path}.fieldRef", errors);
        }
        if (valueFrom["resourceFieldRef"] is JsonObject resourceFieldRef)
        {
            count++;
            ResourceFieldSelector(resourceFieldRef, $"{path}.resourceFieldRef", volume: false, errors);
        }
        foreach (var key in (ReadOnlySpan<string>)["configMapKeyRef", "secretKeyRef"])
        {
            if (valueFrom[key] is not JsonObject selector) continue;
            count++;
            KeySelector(selector, $"{path}.{key}", errors);
        }
        if (count == 0)
            errors.Add(FieldError.Invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        else if (value.Length != 0)
            errors.Add(FieldError.Invalid(path, "", "may not be specified when `value` is not empty"));
        else if (count > 1)
            errors.Add(FieldError.Invalid(path, "", "may not have more than one field specified at a time"));
    }

    /// <summary>validateConfigMapKeySelector / validateSecretKeySelector: a DNS-subdomain name (empty included) and a config key.</summary>
    private static void KeySelector(JsonObject selector, string path, List<FieldError> errors)
    {
        var name = selector.Str("name") ?? "";
        if (!NameRules.IsValidDns1123Subdomain(name))
            foreach (var msg in NameRules.IsDns1123Subdomain(name))
                errors.Add(FieldError.Invalid($"{path}.name", name, msg));
        var key = selector.Str("key") ?? "";
        if (key.Length == 0)
            errors.Add(FieldError.Required($"{path}.key"));
        else
            foreach (var msg in DataKeys.IsConfigKey(key))
                errors.Add(FieldError.Invalid($"{path}.key", key, msg));
    }

    private static bool IsRelaxedName(string name)
    {
        foreach (var c in name)
            if (c is < ' ' or > '~' or '=') return false;
        return true;
    }

    /// <summary>Names validated as prefixes (upstream passes prefix=true) may end with '-'.</summary>
    private static string MaskTrailingDash(string name) => name.Length > 1 && name[^1] == '-' ? name[..^1] + "a" : name;

    /// <summary>fieldpath.SplitMaybeSubscriptedPath: <c>metadata.labels['key']</c> into path and key.</summary>
    private static bool SplitSubscript(string fieldPath, out string path, out string subscript)
    {
        path = fieldPath;
        subscript = "";
        if (!fieldPath.EndsWith("']", StringComparison.Ordinal)) return false;
        var trimmed = fieldPath[..^2];
        var open = trimmed.IndexOf("['", StringComparison.Ordinal);
        if (open <= 0) return false;
        path = trimmed[..open];
        subscript = trimmed[(open + 2)..];
        return true;
    }
}
