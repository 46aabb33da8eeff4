using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// Upstream's ValidateContainerResourceRequirements: container resource names, non-negative quantities (integers for
/// extended resources), requests at most the limits, and the rules of resources that cannot be overcommitted
/// (hugepages and extended resources: request equals limit, limit required). Bad values are printed as written;
/// upstream prints them canonicalised (e.g. "1000m" as "1").
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
        var limitPath = $"{path}.limits";
        var requestPath = $"{path}.requests";
        var cpuOrMemory = false;
        var hugePages = false;
        foreach (var (name, quantity) in limits ?? [])
        {
            var at = $"{limitPath}[{name}]";
            ResourceName(name, at, errors);
            var value = QuantityValue(name, quantity, at, errors);
            if (name.StartsWith(HugePagesPrefix, StringComparison.Ordinal))
            {
                hugePages = true;
                HugePageMultiple(name, quantity, value, at, errors);
            }
            cpuOrMemory |= name is "cpu" or "memory";
        }
        foreach (var (name, quantity) in requests ?? [])
        {
            var at = $"{requestPath}[{name}]";
            ResourceName(name, at, errors);
            var value = QuantityValue(name, quantity, at, errors);
            var limitNode = limits?[name];
            if (limitNode is not null && value is { } request && QuantityRules.Parse(limitNode) is { } limit)
            {
                // Upstream reports both at the requests map, without the key.
                if (request != limit && !OvercommitAllowed(name))
                    errors.Add(FieldError.Invalid(requestPath, FieldRules.Printed(quantity), $"must be equal to {name} limit of {FieldRules.Printed(limitNode)}"));
                else if (request > limit)
                    errors.Add(FieldError.Invalid(requestPath, FieldRules.Printed(quantity), $"must be less than or equal to {name} limit of {FieldRules.Printed(limitNode)}"));
            }
            else if (limitNode is null && !OvercommitAllowed(name))
            {
                errors.Add(FieldError.Required(limitPath, "Limit must be set for non overcommitable resources"));
            }
            if (name.StartsWith(HugePagesPrefix, StringComparison.Ordinal))
            {
                hugePages = true;
                HugePageMultiple(name, quantity, value, at, errors);
            }
            cpuOrMemory |= name is "cpu" or "memory";
        }
        if (hugePages && !cpuOrMemory)
            errors.Add(FieldError.Forbidden(path, "HugePages require cpu or memory"));
    }

    /// <summary>validateContainerResourceName: a qualified name; unprefixed only the standard container resources.</summary>
    private static void ResourceName(string name, string path, List<FieldError> errors)
    {
        var before = errors.Count;
        foreach (var msg in NameRules.IsQualifiedName(name))
            errors.Add(FieldError.Invalid(path, name, msg));
        if (errors.Count != before) return;
        if (!name.Contains('/'))
        {
            if (!IsStandardContainerResource(name))
                errors.Add(FieldError.Invalid(path, name, "must be a standard resource for containers"));
        }
        else if (!IsNative(name) && !IsExtended(name))
        {
            errors.Add(FieldError.Invalid(path, name, "doesn't follow extended resource name standard"));
        }
    }

    /// <summary>ValidateResourceQuantityValue: not negative, and whole for extended resources.</summary>
    private static decimal? QuantityValue(string name, JsonNode? quantity, string path, List<FieldError> errors)
    {
        var before = errors.Count;
        errors.AddRange(QuantityRules.NonNegative(quantity, path));
        var value = QuantityRules.Parse(quantity);
        if (errors.Count == before && value is { } v && IsExtended(name) && v != decimal.Truncate(v))
            errors.Add(FieldError.Invalid(path, FieldRules.Printed(quantity), "must be an integer"));
        return value;
    }

    private static void HugePageMultiple(string name, JsonNode? quantity, decimal? value, string path, List<FieldError> errors)
    {
        if (value is not { } amount || QuantityRules.Parse(JsonValue.Create(name[HugePagesPrefix.Length..])) is not { } pageSize || pageSize <= 0) return;
        if (amount % pageSize != 0)
            errors.Add(FieldError.Invalid(path, FieldRules.Printed(quantity), $"{FieldRules.Printed(quantity)} is not positive integer multiple of {name}"));
    }

    private static bool IsStandardContainerResource(string name) =>
        name is "cpu" or "memory" or "ephemeral-storage" || name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);

    /// <summary>Unprefixed or in a kubernetes.io domain.</summary>
    private static bool IsNative(string name) => !name.Contains('/') || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    private static bool IsExtended(string name)
    {
        if (IsNative(name) || name.StartsWith("requests.", StringComparison.Ordinal)) return false;
        foreach (var _ in NameRules.IsQualifiedName("requests." + name)) return false;
        return true;
    }

    private static bool OvercommitAllowed(string name) => IsNative(name) && !name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);
}
