using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Registry.Validation;

/// <summary>
/// apimachinery's ValidateLabelSelector: matchLabels are labels, each matchExpression has a label key, a known
/// operator and values exactly when the operator needs them.
/// </summary>
public static class LabelSelectorRules
{
    public static IEnumerable<FieldError> Validate(JsonNode? selector, string path)
    {
        if (selector is not JsonObject s) yield break;
        foreach (var e in ObjectMetaValidator.ValidateLabels(s["matchLabels"] as JsonObject, $"{path}.matchLabels")) yield return e;
        var index = 0;
        foreach (var expression in s["matchExpressions"].Objects())
        {
            var at = $"{path}.matchExpressions[{index++}]";
            var values = expression["values"] as JsonArray;
            var op = expression.Str("operator") ?? "";
            switch (op)
            {
                case "In" or "NotIn":
                    if (values is not { Count: > 0 })
                        yield return FieldError.Required($"{at}.values", "must be specified when `operator` is 'In' or 'NotIn'");
                    break;
                case "Exists" or "DoesNotExist":
                    if (values is { Count: > 0 })
                        yield return FieldError.Forbidden($"{at}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    break;
                default:
                    yield return FieldError.Invalid($"{at}.operator", op, "not a valid selector operator");
                    break;
            }
            var key = expression.Str("key") ?? "";
            foreach (var msg in NameRules.IsQualifiedName(key))
                yield return FieldError.Invalid($"{at}.key", key, msg);
            var valueIndex = 0;
            foreach (var value in values ?? [])
            {
                var text = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
                foreach (var msg in NameRules.IsValidLabelValue(text))
                    yield return FieldError.Invalid($"{at}.values[{valueIndex}]", text, msg);
                valueIndex++;
            }
        }
    }

    /// <summary>True when the selector selects nothing in particular (no labels and no expressions).</summary>
    public static bool IsEmpty(JsonNode? selector) =>
        selector is not JsonObject s || (s["matchLabels"] is not JsonObject { Count: > 0 } && s["matchExpressions"] is not JsonArray { Count: > 0 });
}
