using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// LimitRanges: known limit types, no defaults on Pod limits, non-negative quantities that keep
/// min ≤ defaultRequest ≤ default ≤ max, ratios of at least 1.
/// </summary>
internal sealed class LimitRangeStrategy : ResourceStrategy
{
    private static readonly string[] Types = ["Container", "PersistentVolumeClaim", "Pod"];
    private static readonly string[] Maps = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var index = 0;
        foreach (var limit in obj["spec"]?["limits"].Objects() ?? [])
            foreach (var e in Limit(limit, $"spec.limits[{index++}]")) yield return e;
    }

    private static IEnumerable<FieldError> Limit(JsonObject limit, string path)
    {
        var type = limit.Str("type") ?? "";
        if (!Types.Contains(type))
            yield return FieldError.NotSupported($"{path}.type", type, Types);
        if (type == "Pod")
            foreach (var field in new[] { "default", "defaultRequest" })
                if (limit[field] is JsonObject { Count: > 0 })
                    yield return FieldError.Forbidden($"{path}.{field}", "may not be specified when `type` is 'Pod'");
        foreach (var map in Maps)
            foreach (var e in QuantityRules.NonNegativeMap(limit[map], $"{path}.{map}")) yield return e;

        var resources = Maps.SelectMany(m => (limit[m] as JsonObject ?? []).Select(kv => kv.Key)).Distinct();
        foreach (var resource in resources)
        {
            var min = Quantity(limit, "min", resource);
            var max = Quantity(limit, "max", resource);
            var limitDefault = Quantity(limit, "default", resource);
            var request = Quantity(limit, "defaultRequest", resource);
            if (min.Value > max.Value)
                yield return Order(path, "min", resource, min, $"min value {min.Text} is greater than max value {max.Text}");
            if (request.Value > max.Value)
                yield return Order(path, "defaultRequest", resource, request, $"default request value {request.Text} is greater than max value {max.Text}");
            if (limitDefault.Value > max.Value)
                yield return Order(path, "default", resource, limitDefault, $"default value {limitDefault.Text} is greater than max value {max.Text}");
            if (min.Value > request.Value)
                yield return Order(path, "defaultRequest", resource, request, $"min value {min.Text} is greater than default request value {request.Text}");
            if (request.Value > limitDefault.Value)
                yield return Order(path, "defaultRequest", resource, request, $"default request value {request.Text} is greater than default limit value {limitDefault.Text}");
            if (min.Value > limitDefault.Value)
                yield return Order(path, "default", resource, limitDefault, $"min value {min.Text} is greater than default value {limitDefault.Text}");
            var ratio = Quantity(limit, "maxLimitRequestRatio", resource);
            if (ratio.Value < 1)
                yield return Order(path, "maxLimitRequestRatio", resource, ratio, $"ratio {ratio.Text} is less than 1");
        }
    }

    private static (decimal? Value, string Text) Quantity(JsonObject limit, string map, string resource)
    {
        var node = limit[map]?[resource];
        return (QuantityRules.Parse(node), node?.ToString() ?? "");
    }

    private static FieldError Order(string path, string map, string resource, (decimal? Value, string Text) quantity, string detail) =>
        FieldError.Invalid($"{path}.{map}[{resource}]", quantity.Text, detail);
}
