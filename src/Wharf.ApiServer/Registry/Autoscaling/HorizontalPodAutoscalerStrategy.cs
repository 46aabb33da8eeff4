using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Autoscaling;

/// <summary>
/// HorizontalPodAutoscalers (v2 shape, which v1 objects share for these fields): replica bounds, a target reference,
/// metrics with exactly their declared source and a sensible target, and scaling behaviour within upstream's limits.
/// </summary>
internal sealed class HorizontalPodAutoscalerStrategy : ResourceStrategy
{
    private static readonly string[] SourceTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];

    public HorizontalPodAutoscalerStrategy()
    {
        HasStatusSubresource = true;
        TracksGeneration = true;
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var min = spec?["minReplicas"].Long();
        var max = spec?["maxReplicas"].Long() ?? 0;
        if (min is < 1)
            yield return FieldError.Invalid("spec.minReplicas", min, "must be greater than or equal to 1");
        if (max < 1)
            yield return FieldError.Invalid("spec.maxReplicas", max, "must be greater than 0");
        if (min is not null && max < min)
            yield return FieldError.Invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`");
        foreach (var e in ObjectReference(spec?["scaleTargetRef"], "spec.scaleTargetRef")) yield return e;
        var index = 0;
        foreach (var metric in spec?["metrics"].Objects() ?? [])
            foreach (var e in Metric(metric, $"spec.metrics[{index++}]")) yield return e;
        if (spec?["behavior"] is JsonObject behavior)
            foreach (var direction in new[] { "scaleUp", "scaleDown" })
                if (behavior[direction] is JsonObject rules)
                    foreach (var e in ScalingRules(rules, $"spec.behavior.{direction}")) yield return e;
    }

    /// <summary>ValidateCrossVersionObjectReference: kind and name required, both usable as path segments.</summary>
    private static IEnumerable<FieldError> ObjectReference(JsonNode? reference, string path) => ReferenceRules.KindAndName(reference, path);

    private static IEnumerable<FieldError> Metric(JsonObject metric, string path)
    {
        var type = metric.Str("type");
        if (string.IsNullOrEmpty(type))
        {
            yield return FieldError.Required($"{path}.type", "must specify a metric source type");
            yield break;
        }
        if (!SourceTypes.Contains(type))
        {
            yield return FieldError.NotSupported($"{path}.type", type, SourceTypes);
            yield break;
        }
        var expected = char.ToLowerInvariant(type[0]) + type[1..];
        foreach (var other in SourceTypes.Select(t => char.ToLowerInvariant(t[0]) + t[1..]).Where(f => f != expected && metric[f] is not null))
            yield return FieldError.Forbidden($"{path}.{other}", "must populate the given metric source only");
        if (metric[expected] is not JsonObject source)
        {
            yield return FieldError.Required($"{path}.{expected}", "must populate information for the given metric source");
            yield break;
        }
        var at = $"{path}.{expected}";
        var target = source["target"];
        switch (type)
        {
            case "Resource" or "ContainerResource":
                if (type == "ContainerResource" && string.IsNullOrEmpty(source.Str("container")))
                    yield return FieldError.Required($"{at}.container", "must specify a container");
                if (string.IsNullOrEmpty(source.Str("name")))
                    yield return FieldError.Required($"{at}.name", "must specify a resource name");
                if (target?["averageUtilization"] is null && target?["averageValue"] is null)
                    yield return FieldError.Required($"{at}.target.averageUtilization", "must set either a target raw value or a target utilization");
                if (target?["averageUtilization"] is not null && target["averageValue"] is not null)
                    yield return FieldError.Forbidden($"{at}.target.averageValue", "may not set both a target raw value and a target utilization");
                break;
            case "Pods":
                foreach (var e in MetricName(source, at)) yield return e;
                if (target?["averageValue"] is null)
                    yield return FieldError.Required($"{at}.target.averageValue", "must specify a positive target averageValue");
                break;
            case "Object":
                foreach (var e in ObjectReference(source["describedObject"], $"{at}.describedObject")) yield return e;
                foreach (var e in MetricName(source, at)) yield return e;
                if (target?["value"] is null && target?["averageValue"] is null)
                    yield return FieldError.Required($"{at}.target.value", "must set either a target value or averageValue");
                break;
            case "External":
                foreach (var e in MetricName(source, at)) yield return e;
                if (target?["value"] is null && target?["averageValue"] is null)
                    yield return FieldError.Required($"{at}.target.value", "must set either a target value for metric or a per-pod target");
                break;
        }
        foreach (var e in Target(target, $"{at}.target")) yield return e;
    }

    private static IEnumerable<FieldError> MetricName(JsonObject source, string path)
    {
        var name = source["metric"].Str("name");
        if (string.IsNullOrEmpty(name))
            yield return FieldError.Required($"{path}.metric.name", "must specify a metric name");
        else
            foreach (var msg in NameRules.IsPathSegmentName(name))
                yield return FieldError.Invalid($"{path}.metric.name", name, msg);
        foreach (var e in LabelSelectorRules.Validate(source["metric"]?["selector"], $"{path}.metric.selector")) yield return e;
    }

    /// <summary>validateMetricTarget: a known type and positive values.</summary>
    private static IEnumerable<FieldError> Target(JsonNode? target, string path)
    {
        var type = target.Str("type");
        if (string.IsNullOrEmpty(type))
            yield return FieldError.Required($"{path}.type", "must specify a metric target type");
        else if (type is not ("Utilization" or "Value" or "AverageValue"))
            yield return FieldError.NotSupported($"{path}.type", type, ["AverageValue", "Utilization", "Value"]);
        foreach (var field in new[] { "value", "averageValue" })
        {
            if (target?[field] is not { } quantity) continue;
            if (QuantityRules.Parse(quantity) is not > 0)
                yield return FieldError.Invalid($"{path}.{field}", FieldRules.Printed(quantity), "must be positive");
        }
        if (target?["averageUtilization"].Long() is < 1 and var utilization)
            yield return FieldError.Invalid($"{path}.averageUtilization", utilization, "must be greater than 0");
    }

    private static IEnumerable<FieldError> ScalingRules(JsonObject rules, string path)
    {
        var window = rules["stabilizationWindowSeconds"].Long();
        if (window < 0)
            yield return FieldError.Invalid($"{path}.stabilizationWindowSeconds", window, "must be greater than or equal to zero");
        if (window > 3600)
            yield return FieldError.Invalid($"{path}.stabilizationWindowSeconds", window, "must be less than or equal to 3600");
        foreach (var e in FieldRules.OneOf(rules, "selectPolicy", $"{path}.selectPolicy", ["Disabled", "Max", "Min"])) yield return e;
        var policies = rules["policies"] as JsonArray;
        if (policies is not { Count: > 0 } && rules.Str("selectPolicy") != "Disabled")
            yield return FieldError.Required($"{path}.policies", "must specify at least one Policy");
        var index = 0;
        foreach (var policy in policies.Objects())
        {
            var at = $"{path}.policies[{index++}]";
            foreach (var e in FieldRules.OneOf(policy, "type", $"{at}.type", ["Percent", "Pods"], required: true)) yield return e;
            if (policy["value"].Long() is not > 0)
                yield return FieldError.Invalid($"{at}.value", policy["value"].Long() ?? 0, "must be greater than zero");
            var period = policy["periodSeconds"].Long() ?? 0;
            if (period <= 0)
                yield return FieldError.Invalid($"{at}.periodSeconds", period, "must be greater than zero");
            else if (period > 1800)
                yield return FieldError.Invalid($"{at}.periodSeconds", period, "must be less than or equal to 1800");
        }
    }
}
