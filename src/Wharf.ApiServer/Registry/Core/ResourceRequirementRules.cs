using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's ValidateContainerResourceRequirements: container resource names, non-negative quantities (integers for
/// extended resources), requests at most the limits, and the rules of resources that cannot be overcommitted
/// (hugepages and extended resources: request equals limit, limit required). Bad values are printed as written;
/// upstream prints them canonicalised (e.g. "1000m" as "1"). Each quantity is parsed once and paths are built only
/// for errors, since every pod write comes through here.
/// </summary>
internal static class ResourceRequirementRules
{
    private const string HugePagesPrefix = "hugepages-";

    public static void Validate(JsonObject resources, string path, List<FieldError> errors)
    {
        var limits = resources["limits"] as JsonObject;
        var requests = resources["requests"] as JsonObject;
        if (limits is null && requests is null) return;
        Check(limits, requests, path, errors);
    }

    /// <summary>Pod overhead is checked as a container's limits (at <c>overhead.limits[…]</c>, as upstream reports it).</summary>
    public static void ValidateLimitsOnly(JsonObject limits, string path, List<FieldError> errors) => Check(limits, null, path, errors);

    private static void Check(JsonObject? limits, JsonObject? requests, string path, List<FieldError> errors)
    {
        var cpuOrMemory = false;
        var hugePages = false;
        foreach (var (name, quantity) in limits ?? [])
        {
            Entry(name, quantity, path, "limits", errors);
            hugePages |= name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);
            cpuOrMemory |= name is "cpu" or "memory";
        }
        foreach (var (name, quantity) in requests ?? [])
        {
            var value = Entry(name, quantity, path, "requests", errors);
            var limitNode = limits?[name];
            if (limitNode is not null && value is { } request && QuantityRules.Parse(limitNode) is { } limit)
            {
                // Upstream reports both at the requests map, without the key.
                if (request != limit && !OvercommitAllowed(name))
                    errors.Add(FieldError.Invalid($"{path}.requests", FieldRules.Printed(quantity), $"must be equal to {name} limit of {FieldRules.Printed(limitNode)}"));
                else if (request > limit)
                    errors.Add(FieldError.Invalid($"{path}.requests", FieldRules.Printed(quantity), $"must be less than or equal to {name} limit of {FieldRules.Printed(limitNode)}"));
            }
            else if (limitNode is null && !OvercommitAllowed(name))
            {
                errors.Add(FieldError.Required($"{path}.limits", "Limit must be set for non overcommitable resources"));
            }
            hugePages |= name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);
            cpuOrMemory |= name is "cpu" or "memory";
        }
        if (hugePages && !cpuOrMemory)
            errors.Add(FieldError.Forbidden(path, "HugePages require cpu or memory"));
    }

    /// <summary>One entry of limits or requests: its name, its quantity (returned when it parses) and the hugepage size rule.</summary>
    private static decimal? Entry(string name, JsonNode? quantity, string path, string map, List<FieldError> errors)
    {
        ResourceName(name, path, map, errors);
        var value = QuantityRules.Parse(quantity);
        if (value is null)
            errors.Add(FieldError.Invalid($"{path}.{map}[{name}]", FieldRules.Printed(quantity), QuantityRules.GrammarMessage));
        else if (value < 0)
            errors.Add(FieldError.Invalid($"{path}.{map}[{name}]", FieldRules.Printed(quantity), FieldRules.MustBeNonNegative));
        else if (IsExtended(name) && value != decimal.Truncate(value.Value))
            errors.Add(FieldError.Invalid($"{path}.{map}[{name}]", FieldRules.Printed(quantity), "must be an integer"));
        if (value is { } amount && name.StartsWith(HugePagesPrefix, StringComparison.Ordinal)
            && QuantityRules.Parse(JsonValue.Create(name[HugePagesPrefix.Length..])) is { } pageSize && pageSize > 0 && amount % pageSize != 0)
            errors.Add(FieldError.Invalid($"{path}.{map}[{name}]", FieldRules.Printed(quantity), $"{FieldRules.Printed(quantity)} is not positive integer multiple of {name}"));
        return value;
    }

    /// <summary>validateContainerResourceName: a qualified name; unprefixed only the standard container resources.</summary>
    private static void ResourceName(string name, string path, string map, List<FieldError> errors)
    {
        if (!name.Contains('/'))
        {
            if (IsStandardContainerResource(name)) return;
        }
        else if (NameRules.IsValidQualifiedName(name) && (IsNative(name) || IsExtended(name)))
        {
            return;
        }
        var at = $"{path}.{map}[{name}]";
        var before = errors.Count;
        foreach (var msg in NameRules.IsQualifiedName(name))
            errors.Add(FieldError.Invalid(at, name, msg));
        if (errors.Count != before) return;
        errors.Add(FieldError.Invalid(at, name, name.Contains('/') ? "doesn't follow extended resource name standard" : "must be a standard resource for containers"));
    }

    private static bool IsStandardContainerResource(string name) =>
        name is "cpu" or "memory" or "ephemeral-storage" || name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);

    /// <summary>Unprefixed or in a kubernetes.io domain.</summary>
    private static bool IsNative(string name) => !name.Contains('/') || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    private static bool IsExtended(string name) =>
        !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal) && NameRules.IsValidQualifiedName("requests." + name);

    private static bool OvercommitAllowed(string name) => IsNative(name) && !name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);
}
