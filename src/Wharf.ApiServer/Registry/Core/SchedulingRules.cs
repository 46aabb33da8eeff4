using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>
/// The scheduling constraints of a PodSpec as upstream validates them: tolerations (ValidateTolerations), node and
/// pod (anti-)affinity (validateAffinity) and topology spread constraints.
/// </summary>
internal static class SchedulingRules
{
    private static readonly string[] TolerationOperators = ["Equal", "Exists"];
    private static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
    private static readonly string[] ScheduleActions = ["DoNotSchedule", "ScheduleAnyway"];
    private static readonly string[] InclusionPolicies = ["Honor", "Ignore"];
    private const string MustBePositive = "must be greater than zero";

    public static void ValidateTolerations(JsonNode? tolerations, string path, List<FieldError> errors)
    {
        if (tolerations is not JsonArray { Count: > 0 }) return;
        var index = 0;
        foreach (var toleration in tolerations.Objects())
        {
            var at = new LazyPath(path, index++);
            var key = toleration.Str("key") ?? "";
            var op = toleration.Str("operator") ?? "";
            var value = toleration.Str("value") ?? "";
            var effect = toleration.Str("effect") ?? "";
            if (key.Length > 0 && !NameRules.IsValidQualifiedName(key))
                foreach (var msg in NameRules.IsQualifiedName(key))
                    errors.Add(FieldError.Invalid($"{at}.key", key, msg));
            if (key.Length == 0 && op != "Exists")
                errors.Add(FieldError.Invalid($"{at}.operator", op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            if (toleration["tolerationSeconds"] is not null && effect != "NoExecute")
                errors.Add(FieldError.Invalid($"{at}.effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            switch (op)
            {
                case "Equal" or "":
                    if (!NameRules.IsValidLabelValueFast(value))
                        errors.Add(FieldError.Invalid($"{at}.operator", value, string.Join(";", NameRules.IsValidLabelValue(value))));
                    break;
                case "Exists":
                    if (value.Length > 0)
                        errors.Add(FieldError.Invalid($"{at}.operator", value, "value must be empty when `operator` is 'Exists'"));
                    break;
                default:
                    errors.Add(FieldError.NotSupported($"{at}.operator", op, TolerationOperators));
                    break;
            }
            if (effect.Length > 0 && Array.IndexOf(TaintEffects, effect) < 0)
                errors.Add(FieldError.NotSupported($"{at}.effect", effect, TaintEffects));
        }
    }

    public static void ValidateAffinity(JsonObject? affinity, string path, List<FieldError> errors)
    {
        if (affinity is null) return;
        if (affinity["nodeAffinity"] is JsonObject node)
        {
            var nodePath = $"{path}.nodeAffinity";
            if (node["requiredDuringSchedulingIgnoredDuringExecution"] is JsonObject required)
            {
                var termsPath = $"{nodePath}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
                if (required["nodeSelectorTerms"] is not JsonArray { Count: > 0 } terms)
                    errors.Add(FieldError.Required(termsPath, "must have at least one node selector term"));
                else
                {
                    var index = 0;
                    foreach (var term in terms.Objects())
                        NodeSelectorTerm(term, $"{termsPath}[{index++}]", validateValues: true, errors);
                }
            }
            var preferredIndex = 0;
            foreach (var preferred in node["preferredDuringSchedulingIgnoredDuringExecution"].Objects())
            {
                var at = $"{nodePath}.preferredDuringSchedulingIgnoredDuringExecution[{preferredIndex++}]";
                Weight(preferred, at, errors);
                // Preferred terms may name label values that cannot exist: they only rank nodes.
                NodeSelectorTerm(preferred["preference"] as JsonObject ?? [], $"{at}.preference", validateValues: false, errors);
            }
        }
        foreach (var kind in (ReadOnlySpan<string>)["podAffinity", "podAntiAffinity"])
        {
            if (affinity[kind] is not JsonObject pod) continue;
            var requiredIndex = 0;
            foreach (var term in pod["requiredDuringSchedulingIgnoredDuringExecution"].Objects())
                PodAffinityTerm(term, $"{path}.{kind}.requiredDuringSchedulingIgnoredDuringExecution[{requiredIndex++}]", errors);
            var weightedIndex = 0;
            foreach (var weighted in pod["preferredDuringSchedulingIgnoredDuringExecution"].Objects())
            {
                var at = $"{path}.{kind}.preferredDuringSchedulingIgnoredDuringExecution[{weightedIndex++}]";
                Weight(weighted, at, errors);
                PodAffinityTerm(weighted["podAffinityTerm"] as JsonObject ?? [], $"{at}.podAffinityTerm", errors);
            }
        }
    }

    public static void ValidateTopologySpread(JsonNode? constraints, string path, List<FieldError> errors)
    {
        if (constraints is not JsonArray { Count: > 0 } list) return;
        var items = list.Objects().ToArray();
        for (var i = 0; i < items.Length; i++)
        {
            var constraint = items[i];
            var at = $"{path}[{i}]";
            var maxSkew = constraint["maxSkew"].Long() ?? 0;
            if (maxSkew <= 0)
                errors.Add(FieldError.Invalid($"{at}.maxSkew", maxSkew, MustBePositive));
            var topologyKey = constraint.Str("topologyKey") ?? "";
            if (topologyKey.Length == 0)
                errors.Add(FieldError.Required($"{at}.topologyKey", "can not be empty"));
            var action = constraint.Str("whenUnsatisfiable") ?? "";
            if (Array.IndexOf(ScheduleActions, action) < 0)
                errors.Add(FieldError.NotSupported($"{at}.whenUnsatisfiable", action, ScheduleActions));
            for (var j = i + 1; j < items.Length; j++)
            {
                if (items[j].Str("topologyKey") != constraint.Str("topologyKey") || items[j].Str("whenUnsatisfiable") != constraint.Str("whenUnsatisfiable")) continue;
                errors.Add(FieldError.Duplicate($"{at}.{{topologyKey, whenUnsatisfiable}}", $"{{{topologyKey}, {action}}}"));
                break;
            }
            if (constraint["minDomains"].Long() is { } minDomains)
            {
                if (minDomains <= 0)
                    errors.Add(FieldError.Invalid($"{at}.minDomains", minDomains, MustBePositive));
                if (action != "DoNotSchedule")
                    errors.Add(FieldError.Invalid($"{at}.minDomains", minDomains, $"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"));
            }
            foreach (var policy in (ReadOnlySpan<string>)["nodeAffinityPolicy", "nodeTaintsPolicy"])
                if (constraint.Str(policy) is { } value && Array.IndexOf(InclusionPolicies, value) < 0)
                    errors.Add(FieldError.NotSupported($"{at}.{policy}", value, InclusionPolicies));
            MatchLabelKeys(constraint["matchLabelKeys"], constraint["labelSelector"], $"{at}.matchLabelKeys", errors);
            errors.AddRange(LabelSelectorRules.Validate(constraint["labelSelector"], $"{at}.labelSelector"));
        }
    }

    private static void Weight(JsonObject weighted, string path, List<FieldError> errors)
    {
        var weight = weighted["weight"].Long() ?? 0;
        if (weight is <= 0 or > 100)
            errors.Add(FieldError.Invalid($"{path}.weight", weight, "must be in the range 1-100"));
    }

    private static void NodeSelectorTerm(JsonObject term, string path, bool validateValues, List<FieldError> errors)
    {
        var index = 0;
        foreach (var requirement in term["matchExpressions"].Objects())
        {
            var at = $"{path}.matchExpressions[{index++}]";
            var values = requirement["values"] as JsonArray;
            var count = values?.Count ?? 0;
            var op = requirement.Str("operator") ?? "";
            switch (op)
            {
                case "In" or "NotIn":
                    if (count == 0) errors.Add(FieldError.Required($"{at}.values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    break;
                case "Exists" or "DoesNotExist":
                    if (count > 0) errors.Add(FieldError.Forbidden($"{at}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    break;
                case "Gt" or "Lt":
                    if (count != 1) errors.Add(FieldError.Required($"{at}.values", "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                    break;
                default:
                    errors.Add(FieldError.Invalid($"{at}.operator", op, "not a valid selector operator"));
                    break;
            }
            var key = requirement.Str("key") ?? "";
            foreach (var msg in NameRules.IsQualifiedName(key))
                errors.Add(FieldError.Invalid($"{at}.key", key, msg));
            if (!validateValues || values is null) continue;
            var valueIndex = 0;
            foreach (var value in values)
            {
                var text = value?.ToString() ?? "";
                foreach (var msg in NameRules.IsValidLabelValue(text))
                    errors.Add(FieldError.Invalid($"{at}.values[{valueIndex}]", text, msg));
                valueIndex++;
            }
        }
        index = 0;
        foreach (var requirement in term["matchFields"].Objects())
        {
            var at = $"{path}.matchFields[{index++}]";
            var values = requirement["values"] as JsonArray;
            var op = requirement.Str("operator") ?? "";
            if (op is "In" or "NotIn")
            {
                if (values?.Count != 1)
                    errors.Add(FieldError.Required($"{at}.values", "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
            }
            else
            {
                errors.Add(FieldError.Invalid($"{at}.operator", op, "not a valid selector operator"));
            }
            var key = requirement.Str("key") ?? "";
            if (key != "metadata.name")
            {
                errors.Add(FieldError.Invalid($"{at}.key", key, "not a valid field selector key"));
                continue;
            }
            var valueIndex = 0;
            foreach (var value in values ?? [])
            {
                var name = value?.ToString() ?? "";
                foreach (var msg in NameRules.IsDns1123Subdomain(name))
                    errors.Add(FieldError.Invalid($"{at}.values[{valueIndex}]", name, msg));
                valueIndex++;
            }
        }
    }

    private static void PodAffinityTerm(JsonObject term, string path, List<FieldError> errors)
    {
        errors.AddRange(LabelSelectorRules.Validate(term["labelSelector"], $"{path}.labelSelector"));
        errors.AddRange(LabelSelectorRules.Validate(term["namespaceSelector"], $"{path}.namespaceSelector"));
        foreach (var ns in term["namespaces"] as JsonArray ?? [])
        {
            var name = ns?.ToString() ?? "";
            // Upstream reports these at "namespace", singular.
            foreach (var msg in NameRules.IsDns1123Label(name))
                errors.Add(FieldError.Invalid($"{path}.namespace", name, msg));
        }
        LabelKeys(term["matchLabelKeys"], term["labelSelector"], $"{path}.matchLabelKeys", errors);
        LabelKeys(term["mismatchLabelKeys"], term["labelSelector"], $"{path}.mismatchLabelKeys", errors);
        var topologyKey = term.Str("topologyKey") ?? "";
        if (topologyKey.Length == 0)
            errors.Add(FieldError.Required($"{path}.topologyKey", "can not be empty"));
        foreach (var msg in NameRules.IsQualifiedName(topologyKey))
            errors.Add(FieldError.Invalid($"{path}.topologyKey", topologyKey, msg));
    }

    private static void LabelKeys(JsonNode? keys, JsonNode? selector, string path, List<FieldError> errors)
    {
        if (keys is not JsonArray { Count: > 0 } list) return;
        if (selector is not JsonObject)
        {
            errors.Add(FieldError.Forbidden(path, "must not be specified when labelSelector is not set"));
            return;
        }
        var index = 0;
        foreach (var key in list)
        {
            var text = key?.ToString() ?? "";
            foreach (var msg in NameRules.IsQualifiedName(text))
                errors.Add(FieldError.Invalid($"{path}[{index}]", text, msg));
            index++;
        }
    }

    private static void MatchLabelKeys(JsonNode? keys, JsonNode? selector, string path, List<FieldError> errors)
    {
        if (keys is not JsonArray { Count: > 0 } list) return;
        if (selector is not JsonObject)
            errors.Add(FieldError.Forbidden(path, "must not be specified when labelSelector is not set"));
        var index = 0;
        foreach (var key in list)
        {
            var text = key?.ToString() ?? "";
            foreach (var msg in NameRules.IsQualifiedName(text))
                errors.Add(FieldError.Invalid($"{path}[{index}]", text, msg));
            if (selector is JsonObject sel && SelectorHasKey(sel, text))
                errors.Add(FieldError.Invalid($"{path}[{index}]", text, "exists in both matchLabelKeys and labelSelector"));
            index++;
        }
    }

    private static bool SelectorHasKey(JsonObject selector, string key)
    {
        if (selector["matchLabels"] is JsonObject labels && labels.ContainsKey(key)) return true;
        foreach (var expression in selector["matchExpressions"].Objects())
            if (expression.Str("key") == key) return true;
        return false;
    }
}
