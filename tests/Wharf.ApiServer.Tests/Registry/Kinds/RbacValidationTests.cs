using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

public sealed class RbacValidationTests
{
    [Theory]
    [InlineData("valid", "{'apiGroups':[''],'resources':['pods'],'verbs':['get']}", "")]
    [InlineData("no verbs", "{'apiGroups':[''],'resources':['pods']}", "rules[0].verbs: Required value: verbs must contain at least one value")]
    [InlineData("no api groups", "{'resources':['pods'],'verbs':['get']}", "rules[0].apiGroups: Required value: resource rules must supply at least one api group")]
    [InlineData("no resources", "{'apiGroups':[''],'verbs':['get']}", "rules[0].resources: Required value: resource rules must supply at least one resource")]
    [InlineData("non-resource URL in a Role", "{'nonResourceURLs':['/healthz'],'verbs':['get']}", "rules[0].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs")]
    public void Role_Validate(string name, string rule, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Role, "{'metadata':{'name':'r'},'rules':[" + rule + "]}"));
    }

    [Theory]
    [InlineData("non-resource URL", "'rules':[{'nonResourceURLs':['/healthz'],'verbs':['get']}]", "")]
    [InlineData("URL mixed with resources", "'rules':[{'nonResourceURLs':['/healthz'],'resources':['pods'],'verbs':['get']}]", "rules[0].nonResourceURLs: Invalid value: []string{\"/healthz\"}: rules cannot apply to both regular resources and non-resource URLs")]
    [InlineData("aggregation without selectors", "'aggregationRule':{'clusterRoleSelectors':[]}", "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil")]
    public void ClusterRole_Validate(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.ClusterRole, "{'metadata':{'name':'r'}," + fields + "}"));
    }

    private const string RoleRef = "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Role','name':'reader'}";

    [Theory]
    [InlineData("valid", RoleRef + ",'subjects':[{'kind':'ServiceAccount','name':'default'},{'kind':'User','apiGroup':'rbac.authorization.k8s.io','name':'jane'}]", "")]
    [InlineData("wrong roleRef group", "'roleRef':{'apiGroup':'','kind':'Role','name':'r'}", "roleRef.apiGroup: Unsupported value: \"\": supported values: \"rbac.authorization.k8s.io\"")]
    [InlineData("wrong roleRef kind", "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Pod','name':'r'}", "roleRef.kind: Unsupported value: \"Pod\": supported values: \"Role\", \"ClusterRole\"")]
    [InlineData("no roleRef name", "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Role'}", "roleRef.name: Required value")]
    [InlineData("unknown subject kind", RoleRef + ",'subjects':[{'kind':'Robot','name':'r2'}]", "subjects[0].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"")]
    [InlineData("user without RBAC group", RoleRef + ",'subjects':[{'kind':'User','name':'jane'}]", "subjects[0].apiGroup: Unsupported value: \"\": supported values: \"rbac.authorization.k8s.io\"")]
    [InlineData("service account with group", RoleRef + ",'subjects':[{'kind':'ServiceAccount','apiGroup':'x','name':'sa'}]", "subjects[0].apiGroup: Unsupported value: \"x\": supported values: \"\"")]
    [InlineData("subject without name", RoleRef + ",'subjects':[{'kind':'Group','apiGroup':'rbac.authorization.k8s.io'}]", "subjects[0].name: Required value")]
    public void RoleBinding_Validate(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.RoleBinding, "{'metadata':{'name':'b'}," + fields + "}"));
    }

    [Theory]
    [InlineData("Role kind not allowed", "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Role','name':'r'}", "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"")]
    [InlineData("service account needs namespace", "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'r'},'subjects':[{'kind':'ServiceAccount','name':'sa'}]", "subjects[0].namespace: Required value")]
    public void ClusterRoleBinding_Validate(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.ClusterRoleBinding, "{'metadata':{'name':'b'}," + fields + "}"));
    }

    [Fact]
    public void RoleBinding_RoleRef_CannotChange()
    {
        var errors = StrategyRun.Update(Strategies.RoleBinding, "{'metadata':{'name':'b'}," + RoleRef + "}",
            "{'metadata':{'name':'b'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'admin'}}");
        Assert.Equal(["roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"admin\"}: cannot change roleRef"], errors);
    }
}
