using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Rbac;

/// <summary>
/// Roles and ClusterRoles: every rule names verbs and either resources (with API groups) or, for cluster roles only,
/// non-resource URLs; an aggregation rule carries valid selectors.
/// </summary>
internal sealed class RoleStrategy : ResourceStrategy
{
    private readonly bool _namespaced;

    public RoleStrategy(bool namespaced)
    {
        _namespaced = namespaced;
        NameFormat = NameFormat.PathSegment;
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var index = 0;
        foreach (var rule in obj["rules"].Objects())
            foreach (var e in Rule(rule, $"rules[{index++}]")) yield return e;
        if (!_namespaced && obj["aggregationRule"] is JsonObject aggregation)
        {
            var selectors = aggregation["clusterRoleSelectors"] as JsonArray;
            if (selectors is not { Count: > 0 })
                yield return FieldError.Required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil");
            index = 0;
            foreach (var selector in selectors ?? [])
                foreach (var e in LabelSelectorRules.Validate(selector, $"aggregationRule.clusterRoleSelectors[{index++}]")) yield return e;
        }
    }

    private IEnumerable<FieldError> Rule(JsonObject rule, string path)
    {
        if (rule["verbs"] is not JsonArray { Count: > 0 })
            yield return FieldError.Required($"{path}.verbs", "verbs must contain at least one value");
        if (rule["nonResourceURLs"] is JsonArray { Count: > 0 } urls)
        {
            var printed = new RawFieldValue("[]string{" + string.Join(", ", urls.Select(u => $"\"{u}\"")) + "}");
            if (_namespaced)
                yield return FieldError.Invalid($"{path}.nonResourceURLs", printed, "namespaced rules cannot apply to non-resource URLs");
            if (rule["apiGroups"] is JsonArray { Count: > 0 } || rule["resources"] is JsonArray { Count: > 0 } || rule["resourceNames"] is JsonArray { Count: > 0 })
                yield return FieldError.Invalid($"{path}.nonResourceURLs", printed, "rules cannot apply to both regular resources and non-resource URLs");
            yield break;
        }
        if (rule["apiGroups"] is not JsonArray { Count: > 0 })
            yield return FieldError.Required($"{path}.apiGroups", "resource rules must supply at least one api group");
        if (rule["resources"] is not JsonArray { Count: > 0 })
            yield return FieldError.Required($"{path}.resources", "resource rules must supply at least one resource");
    }
}
