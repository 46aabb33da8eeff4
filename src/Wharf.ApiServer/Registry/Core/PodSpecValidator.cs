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
        var volumes = VolumeRules.Validate(spec["volumes"], $"{path}.volumes", errors);
        ContainerRules.ValidateContainers(spec, volumes, path, isPod, errors);
        ContainerRules.ValidateInitContainers(spec, volumes, path, isPod, errors);
        ContainerRules.ValidateHostNetworkPorts(spec, path, errors);
        OneOf(spec, "restartPolicy", $"{path}.restartPolicy", RestartPolicies, errors);
        PodDnsRules.ValidatePolicy(spec, path, errors);
        errors.AddRange(ObjectMetaValidator.ValidateLabels(spec["nodeSelector"] as JsonObject, $"{path}.nodeSelector"));
        SecurityContextRules.ValidatePod(spec, path, errors);
        SchedulingRules.ValidateAffinity(spec["affinity"] as JsonObject, $"{path}.affinity", errors);
        PodDnsRules.ValidateConfig(spec, path, errors);
        ValidateReadinessGates(spec["readinessGates"], $"{path}.readinessGates", errors);
        ValidateSchedulingGates(spec["schedulingGates"], $"{path}.schedulingGates", errors);
        SchedulingRules.ValidateTopologySpread(spec["topologySpreadConstraints"], $"{path}.topologySpreadConstraints", errors);
        Subdomain(spec.Str("serviceAccountName"), $"{path}.serviceAccountName", errors);
        Subdomain(spec.Str("nodeName"), $"{path}.nodeName", errors);
        if (spec["activeDeadlineSeconds"].Long() is { } deadline and (< 1 or > MaxInt32))
            errors.Add(FieldError.Invalid($"{path}.activeDeadlineSeconds", deadline, FieldRules.InclusiveRange(1, MaxInt32)));
        Label(spec.Str("hostname"), $"{path}.hostname", errors);
        Label(spec.Str("subdomain"), $"{path}.subdomain", errors);
        SchedulingRules.ValidateTolerations(spec["tolerations"], $"{path}.tolerations", errors);
        PodDnsRules.ValidateHostAliases(spec["hostAliases"], $"{path}.hostAliases", errors);
        Subdomain(spec.Str("priorityClassName"), $"{path}.priorityClassName", errors);
        if (spec.Str("runtimeClassName") is { } runtimeClass)
            foreach (var msg in NameRules.IsDns1123Subdomain(runtimeClass))
                errors.Add(FieldError.Invalid($"{path}.runtimeClassName", runtimeClass, msg));
        if (spec.ContainsKey("preemptionPolicy") && spec["preemptionPolicy"] is not null)
            OneOf(spec, "preemptionPolicy", $"{path}.preemptionPolicy", PreemptionPolicies, errors, required: true);
        if (spec["overhead"] is JsonObject overhead)
            ResourceRequirementRules.ValidateLimitsOnly(overhead, $"{path}.overhead", errors);
        ValidateOs(spec["os"], $"{path}.os", errors);
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
    internal static void OneOf(JsonObject parent, string key, string path, string[] supported, List<FieldError> errors, bool required = false)
    {
        var value = parent.Str(key);
        if (string.IsNullOrEmpty(value))
        {
            if (required) errors.Add(FieldError.Required(path));
        }
        else if (Array.IndexOf(supported, value) < 0)
        {
            errors.Add(FieldError.NotSupported(path, value, supported));
        }
    }

    internal static void Subdomain(string? value, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value)) return;
        foreach (var msg in NameRules.IsDns1123Subdomain(value))
            errors.Add(FieldError.Invalid(path, value, msg));
    }

    internal static void Label(string? value, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value)) return;
        foreach (var msg in NameRules.IsDns1123Label(value))
            errors.Add(FieldError.Invalid(path, value, msg));
    }
}
