using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Rbac;

/// <summary>
/// <c>kubectl get rolebindings|clusterrolebindings</c>: NAME ROLE AGE [USERS GROUPS SERVICEACCOUNTS];
/// one printer for both kinds, differing only in column descriptions.
/// </summary>
internal sealed class RoleBindingPrinter : ITableConvertor
{
    private readonly TableColumn[] _columns;

    private RoleBindingPrinter(string roleRefDoc, string noun)
    {
        _columns =
        [
            Col.Name(),
            Col.Str("Role", roleRefDoc),
            Col.Age(),
            Col.WideStr("Users", "Users in the " + noun),
            Col.WideStr("Groups", "Groups in the " + noun),
            Col.WideStr("ServiceAccounts", "ServiceAccounts in the " + noun),
        ];
    }

    public static RoleBindingPrinter ForRoleBindings() => new(Docs.RoleBindingRoleRef, "roleBinding");

    public static RoleBindingPrinter ForClusterRoleBindings() => new(Docs.ClusterRoleBindingRoleRef, "clusterRoleBinding");

    public IReadOnlyList<TableColumn> Columns => _columns;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var subjects = obj.Objs("subjects").ToList();
        string Join(string kind, Func<JsonObject, string> text) =>
            string.Join(", ", subjects.Where(s => s.Str("kind") == kind).Select(text));

        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(obj.Str("roleRef", "kind") + "/" + obj.Str("roleRef", "name")),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(Join("User", s => s.Str("name"))),
            Cell.Str(Join("Group", s => s.Str("name"))),
            Cell.Str(Join("ServiceAccount", s => s.Str("namespace") + "/" + s.Str("name"))),
        ];
    }
}
