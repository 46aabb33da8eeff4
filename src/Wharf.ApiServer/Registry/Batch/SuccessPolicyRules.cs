using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Batch;

/// <summary>
/// Upstream's validateSuccessPolicy (Indexed Jobs only): 1–20 rules, each with succeededIndexes and/or succeededCount
/// that fit within the Job's completions.
/// </summary>
public static class SuccessPolicyRules
{
    private const int MaxRules = 20;
    private const int MaxSucceededIndexesLength = 64 * 1024;

    public static IEnumerable<FieldError> Validate(JsonObject policy, long completions, string path)
    {
        var rules = policy["rules"] as JsonArray ?? [];
        if (rules.Count == 0)
            yield return FieldError.Required($"{path}.rules", "at least one rules must be specified when the successPolicy is specified");
        if (rules.Count > MaxRules)
            yield return FieldRules.TooMany($"{path}.rules", rules.Count, MaxRules);
        var index = 0;
        foreach (var rule in rules.OfType<JsonObject>())
            foreach (var e in Rule(rule, completions, $"{path}.rules[{index++}]")) yield return e;
    }

    private static IEnumerable<FieldError> Rule(JsonObject rule, long completions, string path)
    {
        var indexes = rule.Str("succeededIndexes");
        var count = rule["succeededCount"].Long();
        if (indexes is null && count is null)
            yield return FieldError.Required(path, "at least one of succeededCount or succeededIndexes must be specified");
        long total = 0;
        if (indexes is not null)
        {
            if (indexes.Length > MaxSucceededIndexesLength)
                yield return FieldError.TooLong($"{path}.succeededIndexes", MaxSucceededIndexesLength);
            var error = IndexIntervals.Validate(indexes, completions, out total);
            if (error is not null)
                yield return FieldError.Invalid($"{path}.succeededIndexes", indexes, "error parsing succeededIndexes: " + error);
        }
        if (count is { } succeeded)
        {
            foreach (var e in FieldRules.NonNegative(rule["succeededCount"], $"{path}.succeededCount")) yield return e;
            if (succeeded > completions)
                yield return FieldError.Invalid($"{path}.succeededCount", succeeded, $"must be less than or equal to {completions} (the number of specified completions)");
            if (indexes is not null && succeeded > total)
                yield return FieldError.Invalid($"{path}.succeededCount", succeeded, $"must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)");
        }
    }
}
