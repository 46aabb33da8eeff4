using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Rbac;

/// <summary>
/// RoleBindings and ClusterRoleBindings: a roleRef to an RBAC role of an allowed kind, which never changes; subjects
/// that are ServiceAccounts (core group, namespaced in cluster bindings), Users or Groups (RBAC group).
/// </summary>
internal sealed class RoleBindingStrategy : ResourceStrategy
{
    public const string RbacGroup = "rbac.authorization.k8s.io";
    private readonly bool _namespaced;

    public RoleBindingStrategy(bool namespaced)
    {
        _namespaced = namespaced;
        NameFormat = NameFormat.PathSegment;
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var roleRef = obj["roleRef"];
        var group = roleRef.Str("apiGroup") ?? "";
        if (group != RbacGroup)
            yield return FieldError.NotSupported("roleRef.apiGroup", group, [RbacGroup]);
        string[] kinds = _namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
        var kind = roleRef.Str("kind") ?? "";
        if (!kinds.Contains(kind))
            yield return FieldError.NotSupported("roleRef.kind", kind, kinds);
        var name = roleRef.Str("name");
        if (string.IsNullOrEmpty(name))
            yield return FieldError.Required("roleRef.name");
        else
            foreach (var msg in NameRules.IsPathSegmentName(name))
                yield return FieldError.Invalid("roleRef.name", name, msg);
        var index = 0;
        foreach (var subject in obj["subjects"].Objects())
            foreach (var e in Subject(subject, $"subjects[{index++}]")) yield return e;
    }

    private IEnumerable<FieldError> Subject(JsonObject subject, string path)
    {
        var name = subject.Str("name") ?? "";
        var group = subject.Str("apiGroup") ?? "";
        if (name.Length == 0)
            yield return FieldError.Required($"{path}.name");
        switch (subject.Str("kind"))
        {
            case "ServiceAccount":
                if (name.Length > 0)
                    foreach (var msg in NameRules.IsDns1123Subdomain(name))
                        yield return FieldError.Invalid($"{path}.name", name, msg);
                if (group.Length > 0)
                    yield return FieldError.NotSupported($"{path}.apiGroup", group, [""]);
                if (!_namespaced && string.IsNullOrEmpty(subject.Str("namespace")))
                    yield return FieldError.Required($"{path}.namespace");
                break;
            case "User" or "Group":
                if (group != RbacGroup)
                    yield return FieldError.NotSupported($"{path}.apiGroup", group, [RbacGroup]);
                break;
            default:
                yield return FieldError.NotSupported($"{path}.kind", subject.Str("kind") ?? "", ["ServiceAccount", "User", "Group"]);
                break;
        }
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        if (JsonNode.DeepEquals(obj["roleRef"], old["roleRef"])) yield break;
        var roleRef = obj["roleRef"];
        yield return FieldError.Invalid("roleRef",
            new RawFieldValue($"rbac.RoleRef{{APIGroup:\"{roleRef.Str("apiGroup")}\", Kind:\"{roleRef.Str("kind")}\", Name:\"{roleRef.Str("name")}\"}}"),
            "cannot change roleRef");
    }
}
