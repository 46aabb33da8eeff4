using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.AdmissionRegistration;

/// <summary>
/// Upstream's validateMatchConditions for a webhook's <c>matchConditions</c>: at most 64, each with an expression
/// and a qualified name, names unique. Wharf does not compile the CEL expressions, so it only requires one.
/// </summary>
internal static class MatchConditionRules
{
    public const int MaxConditions = 64;

    public static void Validate(JsonNode? conditions, string path, List<FieldError> errors)
    {
        if (conditions is not JsonArray { Count: > 0 } list) return;
        if (list.Count > MaxConditions)
            errors.Add(new FieldError("FieldValueTooMany", path, $"must have at most {MaxConditions} items", list.Count, true));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var condition in list.Objects())
        {
            var at = $"{path}[{index++}]";
            if (string.IsNullOrWhiteSpace(condition.Str("expression")))
                errors.Add(FieldError.Required($"{at}.expression"));
            var name = condition.Str("name") ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required($"{at}.name"));
                continue;
            }
            foreach (var msg in NameRules.IsQualifiedName(name))
                errors.Add(FieldError.Invalid($"{at}.name", name, msg));
            if (!names.Add(name))
                errors.Add(FieldError.Duplicate($"{at}.name", name));
        }
    }
}
