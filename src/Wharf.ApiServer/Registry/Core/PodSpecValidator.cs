using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's ValidatePodSpec for pods and every pod template (Deployments, Jobs, PodTemplates, …): the rules run in
/// upstream's order so that kubectl prints the causes as it would against a real cluster. Runs on every write, so it
/// walks the JSON once with plain loops and builds field paths only per list item.
/// </summary>
public static class PodSpecValidator
{
    private const long MaxInt32 = int.MaxValue;
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] PreemptionPolicies = ["PreemptLowerPriority", "Never"];
    private static readonly string[] OperatingSystems = ["linux", "windows"];

    /// <summary>A pod template's spec at <paramref name="path"/> (e.g. <c>spec.template.spec</c>).</summary>
    public static List<FieldError> Validate(JsonObject? spec, string path) => Validate(spec, path, isPod: false);

    /// <summary>
    /// The spec of a pod (<paramref name="isPod"/>) or pod template. Pods get the few extra checks upstream keeps away
    /// from templates for backward compatibility (image whitespace).
    /// </summary>
    public static List<FieldError> Validate(JsonObject? spec, string path, bool isPod)
    {
        var errors = new List<FieldError>();
        spec ??= [];
        var volumes = spec["volumes"] is JsonArray { Count: > 0 } ? VolumeRules.Validate(spec["volumes"], $"{path}.volumes", errors) : VolumeRules.None;
        ResourceClaimRules.Validate(spec, path, errors);
        ContainerRules.ValidateContainers(spec, volumes, path, isPod, errors);
        ContainerRules.ValidateInitContainers(spec, volumes, path, isPod, errors);
        ResizePolicyRules.Validate(spec, path, errors);
        ContainerRules.ValidateHostNetworkPorts(spec, path, errors);
        OneOf(spec, "restartPolicy", path, RestartPolicies, errors);
        PodDnsRules.ValidatePolicy(spec, path, errors);
        if (spec["nodeSelector"] is JsonObject { Count: > 0 } nodeSelector)
            errors.AddRange(ObjectMetaValidator.ValidateLabels(nodeSelector, $"{path}.nodeSelector"));
        SecurityContextRules.ValidatePod(spec, path, errors);
        if (spec["affinity"] is JsonObject affinity)
            SchedulingRules.ValidateAffinity(affinity, $"{path}.affinity", errors);
        PodDnsRules.ValidateConfig(spec, path, errors);
        if (spec["readinessGates"] is JsonArray { Count: > 0 } readinessGates)
            ValidateReadinessGates(readinessGates, $"{path}.readinessGates", errors);
        if (spec["schedulingGates"] is JsonArray { Count: > 0 } schedulingGates)
            ValidateSchedulingGates(schedulingGates, $"{path}.schedulingGates", errors);
        if (spec["topologySpreadConstraints"] is JsonArray { Count: > 0 } spread)
            SchedulingRules.ValidateTopologySpread(spread, $"{path}.topologySpreadConstraints", errors);
        HostUsersRules.Validate(spec, path, errors);
        Subdomain(spec, "serviceAccountName", path, errors);
        Subdomain(spec, "nodeName", path, errors);
        if (spec["activeDeadlineSeconds"].Long() is { } deadline and (< 1 or > MaxInt32))
            errors.Add(FieldError.Invalid($"{path}.activeDeadlineSeconds", deadline, FieldRules.InclusiveRange(1, MaxInt32)));
        Label(spec, "hostname", path, errors);
        Label(spec, "subdomain", path, errors);
        if (spec["tolerations"] is JsonArray { Count: > 0 } tolerations)
            SchedulingRules.ValidateTolerations(tolerations, $"{path}.tolerations", errors);
        if (spec["hostAliases"] is JsonArray { Count: > 0 } hostAliases)
            PodDnsRules.ValidateHostAliases(hostAliases, $"{path}.hostAliases", errors);
        Subdomain(spec, "priorityClassName", path, errors);
        if (spec.Str("runtimeClassName") is { } runtimeClass)
            foreach (var msg in NameRules.IsDns1123Subdomain(runtimeClass))
                errors.Add(FieldError.Invalid($"{path}.runtimeClassName", runtimeClass, msg));
        if (spec.ContainsKey("preemptionPolicy") && spec["preemptionPolicy"] is not null)
            OneOf(spec, "preemptionPolicy", path, PreemptionPolicies, errors, required: true);
        if (spec["overhead"] is JsonObject overhead)
            ResourceRequirementRules.ValidateLimitsOnly(overhead, $"{path}.overhead", errors);
        if (spec["os"] is JsonObject os)
            ValidateOs(os, $"{path}.os", errors);
        OsFieldRules.Validate(spec, path, errors);
        return errors;
    }

    /// <summary>Pod overhead (a pod's or a RuntimeClass's), checked as container limits at <c>path.limits[…]</c> as upstream does.</summary>
    public static List<FieldError> ValidateOverhead(JsonObject overhead, string path)
    {
        var errors = new List<FieldError>();
        ResourceRequirementRules.ValidateLimitsOnly(overhead, path, errors);
        return errors;
    }

    /// <summary>Upstream's ValidateTolerations, for the kinds that carry tolerations outside a PodSpec.</summary>
    public static List<FieldError> ValidateTolerations(JsonNode? tolerations, string path)
    {
        var errors = new List<FieldError>();
        SchedulingRules.ValidateTolerations(tolerations, path, errors);
        return errors;
    }

    private static void ValidateReadinessGates(JsonNode? gates, string path, List<FieldError> errors)
    {
        var index = 0;
        foreach (var gate in gates.Objects())
        {
            var type = gate.Str("conditionType") ?? "";
            foreach (var msg in NameRules.IsQualifiedName(type))
                errors.Add(FieldError.Invalid($"{path}[{index}].conditionType", type, msg));
            index++;
        }
    }

    private static void ValidateSchedulingGates(JsonNode? gates, string path, List<FieldError> errors)
    {
        if (gates is not JsonArray { Count: > 0 }) return;
        var seen = new HashSet<string>();
        var index = 0;
        foreach (var gate in gates.Objects())
        {
            var name = gate.Str("name") ?? "";
            foreach (var msg in NameRules.IsQualifiedName(name))
                errors.Add(FieldError.Invalid($"{path}[{index}]", name, msg));
            if (!seen.Add(name))
                errors.Add(FieldError.Duplicate($"{path}[{index}]", name));
            index++;
        }
    }

    private static void ValidateOs(JsonNode? os, string path, List<FieldError> errors)
    {
        if (os is not JsonObject) return;
        var name = os.Str("name");
        if (string.IsNullOrEmpty(name))
            errors.Add(FieldError.Required($"{path}.name", "cannot be empty"));
        else if (Array.IndexOf(OperatingSystems, name) < 0)
            errors.Add(FieldError.NotSupported(path, name, OperatingSystems));
    }

    /// <summary>
    /// An enum: anything unknown is "Unsupported". Upstream also reports empty defaulted enums as "Required", which
    /// users never see (defaulting fills them first); Wharf skips that so rules stay right on undefaulted input too.
    /// </summary>
    /// <remarks><paramref name="parentPath"/> is the parent's path: the field's own is built only for an error.</remarks>
    internal static void OneOf<TPath>(JsonObject parent, string key, TPath parentPath, string[] supported, List<FieldError> errors, bool required = false)
    {
        var value = parent.Str(key);
        if (string.IsNullOrEmpty(value))
        {
            if (required) errors.Add(FieldError.Required($"{parentPath}.{key}"));
        }
        else if (Array.IndexOf(supported, value) < 0)
        {
            errors.Add(FieldError.NotSupported($"{parentPath}.{key}", value, supported));
        }
    }

    /// <summary>An optional DNS-subdomain field of <paramref name="parent"/> at <c>parentPath.key</c>.</summary>
    internal static void Subdomain(JsonObject parent, string key, string parentPath, List<FieldError> errors)
    {
        var value = parent.Str(key);
        if (!string.IsNullOrEmpty(value) && !NameRules.IsValidDns1123Subdomain(value))
            Subdomain(value, $"{parentPath}.{key}", errors);
    }

    /// <summary>An optional DNS-label field of <paramref name="parent"/> at <c>parentPath.key</c>.</summary>
    internal static void Label(JsonObject parent, string key, string parentPath, List<FieldError> errors)
    {
        var value = parent.Str(key);
        if (!string.IsNullOrEmpty(value) && !NameRules.IsValidDns1123Label(value))
            Label(value, $"{parentPath}.{key}", errors);
    }

    internal static void Subdomain(string? value, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value) || NameRules.IsValidDns1123Subdomain(value)) return;
        foreach (var msg in NameRules.IsDns1123Subdomain(value))
            errors.Add(FieldError.Invalid(path, value, msg));
    }

    internal static void Label(string? value, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value) || NameRules.IsValidDns1123Label(value)) return;
        foreach (var msg in NameRules.IsDns1123Label(value))
            errors.Add(FieldError.Invalid(path, value, msg));
    }
}
