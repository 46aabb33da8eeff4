using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry;

/// <summary>The built-in catalog's lookups and names.</summary>
public sealed class ResourceCatalogTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();

    [Theory]
    [InlineData("", "v1", "pods", "Pod", true, "pods")]
    [InlineData("", "v1", "nodes", "Node", false, "nodes")]
    [InlineData("apps", "v1", "deployments", "Deployment", true, "deployments.apps")]
    [InlineData("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, "clusterroles.rbac.authorization.k8s.io")]
    [InlineData("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, "horizontalpodautoscalers.autoscaling")]
    public void Find_ByPlural_ReturnsKindWithQualifiedResource(string group, string version, string plural, string kind, bool namespaced, string qualified)
    {
        var found = Catalog.Find(group, version, plural);
        Assert.NotNull(found);
        Assert.Equal((kind, namespaced, qualified), (found.Kind, found.Namespaced, found.QualifiedResource));
        Assert.Same(found, Catalog.FindByKind(group, version, kind));
    }

    [Theory]
    [InlineData("", "v1", "deployments")]
    [InlineData("apps", "v1beta1", "deployments")]
    [InlineData("apps", "v1", "Deployment")]
    public void Find_Unknown_IsNull(string group, string version, string plural) => Assert.Null(Catalog.Find(group, version, plural));

    [Fact]
    public void Groups_CoreFirstAndAutoscalingPrefersV2()
    {
        Assert.Equal("", Catalog.Groups[0].Name);
        var autoscaling = Catalog.Groups.Single(g => g.Name == "autoscaling");
        Assert.Equal(["v2", "v1"], autoscaling.Versions);
        Assert.Equal("v2", autoscaling.PreferredVersion);
    }

    [Fact]
    public void StoragePrefix_VersionsOfOneResource_Share()
    {
        Assert.Equal(Catalog.Find("autoscaling", "v1", "horizontalpodautoscalers")!.StoragePrefix, Catalog.Find("autoscaling", "v2", "horizontalpodautoscalers")!.StoragePrefix);
        Assert.Equal("/registry/core/pods/", Catalog.Find("", "v1", "pods")!.StoragePrefix);
    }

    [Fact]
    public void All_PluralsAreUniquePerGroupVersion() =>
        Assert.Equal(Catalog.All.Count, Catalog.All.Select(k => (k.Group, k.Version, k.Plural)).Distinct().Count());
}
