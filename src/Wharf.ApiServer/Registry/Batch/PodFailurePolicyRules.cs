using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Batch;

/// <summary>
/// Upstream's validatePodFailurePolicy: at most 20 rules, each with a known action (FailIndex only with a per-index
/// backoff limit) and exactly one of onExitCodes / onPodConditions, each well formed.
/// </summary>
public static class PodFailurePolicyRules
{
    private const int MaxRules = 20;
    private const int MaxExitCodeValues = 255;
    private const int MaxPodConditionPatterns = 20;
    private static readonly string[] Actions = ["Count", "FailIndex", "FailJob", "Ignore"];
    private static readonly string[] Operators = ["In", "NotIn"];
    private static readonly string[] ConditionStatuses = ["False", "True", "Unknown"];

    public static IEnumerable<FieldError> Validate(JsonObject policy, JsonObject jobSpec, string path)
    {
        var rules = policy["rules"] as JsonArray ?? [];
        if (rules.Count > MaxRules)
            yield return FieldRules.TooMany($"{path}.rules", rules.Count, MaxRules);
        var podSpec = jobSpec["template"]?["spec"];
        var containerNames = podSpec?["containers"].Objects().Concat(podSpec["initContainers"].Objects())
            .Select(c => c.Str("name")).OfType<string>().ToHashSet() ?? [];
        var hasPerIndexLimit = jobSpec["backoffLimitPerIndex"] is not null;
        var index = 0;
        foreach (var rule in rules.OfType<JsonObject>())
            foreach (var e in Rule(rule, $"{path}.rules[{index++}]", hasPerIndexLimit, containerNames)) yield return e;
    }

    private static IEnumerable<FieldError> Rule(JsonObject rule, string path, bool hasPerIndexLimit, HashSet<string> containerNames)
    {
        var action = rule.Str("action");
        if (string.IsNullOrEmpty(action))
            yield return FieldError.Required($"{path}.action", ValidValues(Actions));
        else if (action == "FailIndex" && !hasPerIndexLimit)
            yield return FieldError.Invalid($"{path}.action", action, "requires the backoffLimitPerIndex to be set");
        else if (!Actions.Contains(action))
            yield return FieldError.NotSupported($"{path}.action", action, Actions);

        var onExitCodes = rule["onExitCodes"] as JsonObject;
        var onPodConditions = rule["onPodConditions"] as JsonArray;
        if (onExitCodes is not null)
            foreach (var e in ExitCodes(onExitCodes, $"{path}.onExitCodes", containerNames)) yield return e;
        if (onPodConditions is { Count: > 0 })
            foreach (var e in PodConditions(onPodConditions, $"{path}.onPodConditions")) yield return e;
        if (onExitCodes is not null && onPodConditions is { Count: > 0 })
            yield return new FieldError("FieldValueInvalid", path, "specifying both OnExitCodes and OnPodConditions is not supported");
        if (onExitCodes is null && onPodConditions is not { Count: > 0 })
            yield return new FieldError("FieldValueInvalid", path, "specifying one of OnExitCodes and OnPodConditions is required");
    }

    private static IEnumerable<FieldError> ExitCodes(JsonObject onExitCodes, string path, HashSet<string> containerNames)
    {
        var op = onExitCodes.Str("operator");
        if (string.IsNullOrEmpty(op))
            yield return FieldError.Required($"{path}.operator", ValidValues(Operators));
        else if (!Operators.Contains(op))
            yield return FieldError.NotSupported($"{path}.operator", op, Operators);
        if (onExitCodes.Str("containerName") is { } container && !containerNames.Contains(container))
            yield return FieldError.Invalid($"{path}.containerName", container, "must be one of the container or initContainer names in the pod template");

        var values = (onExitCodes["values"] as JsonArray ?? []).Select(v => v.Long() ?? 0).ToList();
        if (values.Count == 0)
            yield return FieldError.Invalid($"{path}.values", new RawFieldValue("[]int32(nil)"), "at least one value is required");
        else if (values.Count > MaxExitCodeValues)
            yield return FieldRules.TooMany($"{path}.values", values.Count, MaxExitCodeValues);
        var seen = new HashSet<long>();
        var ordered = true;
        for (var i = 0; i < values.Count; i++)
        {
            if (op == "In" && values[i] == 0)
                yield return FieldError.Invalid($"{path}.values[{i}]", 0L, "must not be 0 for the In operator");
            if (!seen.Add(values[i]))
                yield return FieldError.Duplicate($"{path}.values[{i}]", values[i]);
            if (i > 0 && values[i - 1] > values[i]) ordered = false;
        }
        if (!ordered)
            yield return FieldError.Invalid($"{path}.values", new RawFieldValue("[]int32{" + string.Join(", ", values) + "}"), "must be ordered");
    }

    private static IEnumerable<FieldError> PodConditions(JsonArray patterns, string path)
    {
        if (patterns.Count > MaxPodConditionPatterns)
            yield return FieldRules.TooMany(path, patterns.Count, MaxPodConditionPatterns);
        var index = 0;
        foreach (var pattern in patterns.OfType<JsonObject>())
        {
            var at = $"{path}[{index++}]";
            var type = pattern.Str("type") ?? "";
            foreach (var msg in NameRules.IsQualifiedName(type))
                yield return FieldError.Invalid($"{at}.type", type, msg);
            var status = pattern.Str("status");
            if (string.IsNullOrEmpty(status))
                yield return FieldError.Required($"{at}.status", ValidValues(ConditionStatuses));
            else if (!ConditionStatuses.Contains(status))
                yield return FieldError.NotSupported($"{at}.status", status, ConditionStatuses);
        }
    }

    /// <summary>Go's <c>fmt.Sprintf("valid values: %q", list)</c>.</summary>
    private static string ValidValues(IEnumerable<string> values) => "valid values: [" + string.Join(" ", values.Select(v => $"\"{v}\"")) + "]";
}
