using System.Text.Json.Nodes;
using Wharf.ApiServer.Discovery;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry;

/// <summary>Aggregated (apidiscovery.k8s.io/v2) and legacy discovery documents, checked against what kube-apiserver 1.32 serves.</summary>
public sealed class DiscoveryDocumentsTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();

    private static JsonObject AggregatedResource(string group, string version, string plural)
    {
        var list = DiscoveryDocuments.Aggregated(Catalog, core: group.Length == 0);
        var item = list["items"]!.AsArray().Single(i => (i!["metadata"]!["name"]?.ToString() ?? "") == group)!;
        var v = item["versions"]!.AsArray().Single(x => (string)x!["version"]! == version)!;
        return v["resources"]!.AsArray().Single(r => (string)r!["resource"]! == plural)!.AsObject();
    }

    private static string[] Strings(JsonNode? array) => array?.AsArray().Select(x => (string)x!).ToArray() ?? [];

    [Fact]
    public void Aggregated_Root_HasListKindAndApiVersion()
    {
        var list = DiscoveryDocuments.Aggregated(Catalog, core: false);
        Assert.Equal("APIGroupDiscoveryList", (string)list["kind"]!);
        Assert.Equal("apidiscovery.k8s.io/v2", (string)list["apiVersion"]!);
        Assert.DoesNotContain(list["items"]!.AsArray(), i => (string)i!["metadata"]!["name"]! == "");
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", DiscoveryDocuments.AggregatedContentType);
    }

    [Fact]
    public void Aggregated_Pods_HasUpstreamShape()
    {
        var pods = AggregatedResource("", "v1", "pods");
        Assert.Equal("Namespaced", (string)pods["scope"]!);
        Assert.Equal("pod", (string)pods["singularResource"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"","version":"v1","kind":"Pod"}"""), pods["responseKind"]));
        Assert.Equal(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], Strings(pods["verbs"]));
        Assert.Equal(["po"], Strings(pods["shortNames"]));
        Assert.Equal(["all"], Strings(pods["categories"]));
    }

    [Theory]
    [InlineData("status", "", "v1", "Pod", new[] { "get", "patch", "update" })]
    [InlineData("binding", "", "v1", "Binding", new[] { "create" })]
    [InlineData("eviction", "policy", "v1", "Eviction", new[] { "create" })]
    [InlineData("log", "", "v1", "Pod", new[] { "get" })]
    [InlineData("exec", "", "v1", "PodExecOptions", new[] { "create", "get" })]
    [InlineData("ephemeralcontainers", "", "v1", "Pod", new[] { "get", "patch", "update" })]
    [InlineData("proxy", "", "v1", "PodProxyOptions", new[] { "create", "delete", "get", "patch", "update" })]
    public void Aggregated_PodSubresource_HasResponseKindAndVerbs(string name, string group, string version, string kind, string[] verbs)
    {
        var sub = AggregatedResource("", "v1", "pods")["subresources"]!.AsArray().Single(s => (string)s!["subresource"]! == name)!;
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind }, sub["responseKind"]));
        Assert.Equal(verbs, Strings(sub["verbs"]));
    }

    [Fact]
    public void Aggregated_DeploymentScale_IsAutoscalingV1Scale()
    {
        var scale = AggregatedResource("apps", "v1", "deployments")["subresources"]!.AsArray().Single(s => (string)s!["subresource"]! == "scale")!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"autoscaling","version":"v1","kind":"Scale"}"""), scale["responseKind"]));
    }

    [Theory]
    [InlineData("", "v1", "pods")]
    [InlineData("", "v1", "services")]
    [InlineData("", "v1", "replicationcontrollers")]
    [InlineData("apps", "v1", "deployments")]
    [InlineData("apps", "v1", "replicasets")]
    [InlineData("apps", "v1", "statefulsets")]
    [InlineData("apps", "v1", "daemonsets")]
    [InlineData("batch", "v1", "jobs")]
    [InlineData("batch", "v1", "cronjobs")]
    [InlineData("autoscaling", "v2", "horizontalpodautoscalers")]
    public void Aggregated_AllCategory_OnUpstreamMembers(string group, string version, string plural) =>
        Assert.Equal(["all"], Strings(AggregatedResource(group, version, plural)["categories"]));

    [Theory]
    [InlineData("", "v1", "configmaps")]
    [InlineData("", "v1", "secrets")]
    [InlineData("", "v1", "serviceaccounts")]
    [InlineData("", "v1", "endpoints")]
    [InlineData("", "v1", "persistentvolumeclaims")]
    [InlineData("networking.k8s.io", "v1", "ingresses")]
    [InlineData("policy", "v1", "poddisruptionbudgets")]
    [InlineData("apps", "v1", "controllerrevisions")]
    public void Aggregated_NoCategory_WhereUpstreamHasNone(string group, string version, string plural) =>
        Assert.False(AggregatedResource(group, version, plural).ContainsKey("categories"));

    [Theory]
    [InlineData("", "v1", "services", "svc")]
    [InlineData("", "v1", "namespaces", "ns")]
    [InlineData("", "v1", "nodes", "no")]
    [InlineData("", "v1", "configmaps", "cm")]
    [InlineData("", "v1", "endpoints", "ep")]
    [InlineData("", "v1", "events", "ev")]
    [InlineData("", "v1", "serviceaccounts", "sa")]
    [InlineData("", "v1", "persistentvolumeclaims", "pvc")]
    [InlineData("", "v1", "resourcequotas", "quota")]
    [InlineData("", "v1", "limitranges", "limits")]
    [InlineData("apps", "v1", "deployments", "deploy")]
    [InlineData("apps", "v1", "statefulsets", "sts")]
    [InlineData("batch", "v1", "cronjobs", "cj")]
    [InlineData("networking.k8s.io", "v1", "ingresses", "ing")]
    [InlineData("networking.k8s.io", "v1", "networkpolicies", "netpol")]
    [InlineData("policy", "v1", "poddisruptionbudgets", "pdb")]
    [InlineData("storage.k8s.io", "v1", "storageclasses", "sc")]
    [InlineData("scheduling.k8s.io", "v1", "priorityclasses", "pc")]
    [InlineData("certificates.k8s.io", "v1", "certificatesigningrequests", "csr")]
    public void Aggregated_ShortNames(string group, string version, string plural, string shortName) =>
        Assert.Contains(shortName, Strings(AggregatedResource(group, version, plural)["shortNames"]));

    [Theory]
    [InlineData("", "v1", "secrets")]
    [InlineData("", "v1", "podtemplates")]
    [InlineData("batch", "v1", "jobs")]
    [InlineData("coordination.k8s.io", "v1", "leases")]
    public void Aggregated_NoShortNames_WhereUpstreamHasNone(string group, string version, string plural) =>
        Assert.False(AggregatedResource(group, version, plural).ContainsKey("shortNames"));

    [Fact]
    public void Aggregated_ClusterScopedAndRequestOnlyKinds()
    {
        Assert.Equal("Cluster", (string)AggregatedResource("", "v1", "nodes")["scope"]!);
        Assert.Equal(["create"], Strings(AggregatedResource("authorization.k8s.io", "v1", "selfsubjectaccessreviews")["verbs"]));
        Assert.Equal(["get", "list"], Strings(AggregatedResource("", "v1", "componentstatuses")["verbs"]));
    }

    [Fact]
    public void Aggregated_CoreGroup_OmitsEmptyName()
    {
        var core = DiscoveryDocuments.Aggregated(Catalog, core: true)["items"]!.AsArray().Single()!;
        Assert.False(core["metadata"]!.AsObject().ContainsKey("name"));
    }

    [Fact]
    public void ResourceList_Core_HasMainAndSubresourceEntries()
    {
        var list = DiscoveryDocuments.ResourceList(Catalog, "", "v1");
        Assert.Equal(("APIResourceList", "v1"), ((string)list["kind"]!, (string)list["groupVersion"]!));
        var resources = list["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var pods = resources.Single(r => (string)r["name"]! == "pods");
        Assert.Equal(("pod", true, "Pod"), ((string)pods["singularName"]!, (bool)pods["namespaced"]!, (string)pods["kind"]!));

        var status = resources.Single(r => (string)r["name"]! == "pods/status");
        Assert.Equal(("", "Pod"), ((string)status["singularName"]!, (string)status["kind"]!));
        Assert.False(status.ContainsKey("group"));

        var eviction = resources.Single(r => (string)r["name"]! == "pods/eviction");
        Assert.Equal(("policy", "v1", "Eviction"), ((string)eviction["group"]!, (string)eviction["version"]!, (string)eviction["kind"]!));

        var token = resources.Single(r => (string)r["name"]! == "serviceaccounts/token");
        Assert.Equal(("authentication.k8s.io", "TokenRequest"), ((string)token["group"]!, (string)token["kind"]!));
    }

    [Fact]
    public void ResourceList_Apps_ScaleEntryNamesAutoscaling()
    {
        var list = DiscoveryDocuments.ResourceList(Catalog, "apps", "v1");
        Assert.Equal("apps/v1", (string)list["groupVersion"]!);
        var scale = list["resources"]!.AsArray().Single(r => (string)r!["name"]! == "deployments/scale")!;
        Assert.Equal(("autoscaling", "v1", "Scale"), ((string)scale["group"]!, (string)scale["version"]!, (string)scale["kind"]!));
        Assert.Equal(["get", "patch", "update"], Strings(scale["verbs"]));
    }

    [Fact]
    public void GroupList_HasPreferredVersions()
    {
        var groups = DiscoveryDocuments.GroupList(Catalog)["groups"]!.AsArray();
        var autoscaling = groups.Single(g => (string)g!["name"]! == "autoscaling")!;
        Assert.Equal("autoscaling/v2", (string)autoscaling["preferredVersion"]!["groupVersion"]!);
        Assert.Equal(["autoscaling/v2", "autoscaling/v1"], autoscaling["versions"]!.AsArray().Select(v => (string)v!["groupVersion"]!));
        Assert.DoesNotContain(groups, g => (string)g!["name"]! == "");
    }
}
