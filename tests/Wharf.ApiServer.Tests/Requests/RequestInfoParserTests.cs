using Wharf.ApiServer.Requests;

namespace Wharf.ApiServer.Tests.Requests;

/// <summary>URL → RequestInfo as apiserver's RequestInfoFactory derives it.</summary>
public sealed class RequestInfoParserTests
{
    [Theory]
    [InlineData("core list all namespaces", "GET", "/api/v1/pods", false, "list", "", "v1", null, "pods", null, null)]
    [InlineData("core namespaced list", "GET", "/api/v1/namespaces/default/pods", false, "list", "", "v1", "default", "pods", null, null)]
    [InlineData("core get", "GET", "/api/v1/namespaces/default/pods/web", false, "get", "", "v1", "default", "pods", "web", null)]
    [InlineData("head is get", "HEAD", "/api/v1/namespaces/default/pods/web", false, "get", "", "v1", "default", "pods", "web", null)]
    [InlineData("create", "POST", "/api/v1/namespaces/default/pods", false, "create", "", "v1", "default", "pods", null, null)]
    [InlineData("update", "PUT", "/api/v1/namespaces/default/pods/web", false, "update", "", "v1", "default", "pods", "web", null)]
    [InlineData("patch", "PATCH", "/api/v1/namespaces/default/pods/web", false, "patch", "", "v1", "default", "pods", "web", null)]
    [InlineData("delete", "DELETE", "/api/v1/namespaces/default/pods/web", false, "delete", "", "v1", "default", "pods", "web", null)]
    [InlineData("deletecollection", "DELETE", "/api/v1/namespaces/default/pods", false, "deletecollection", "", "v1", "default", "pods", null, null)]
    [InlineData("group namespaced", "GET", "/apis/apps/v1/namespaces/default/deployments/web", false, "get", "apps", "v1", "default", "deployments", "web", null)]
    [InlineData("group subresource", "PUT", "/apis/apps/v1/namespaces/default/deployments/web/scale", false, "update", "apps", "v1", "default", "deployments", "web", "scale")]
    [InlineData("cluster scoped", "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", false, "get", "rbac.authorization.k8s.io", "v1", null, "clusterroles", "admin", null)]
    [InlineData("node status", "PATCH", "/api/v1/nodes/n1/status", false, "patch", "", "v1", null, "nodes", "n1", "status")]
    [InlineData("pod status", "PUT", "/api/v1/namespaces/default/pods/web/status", false, "update", "", "v1", "default", "pods", "web", "status")]
    [InlineData("pod binding", "POST", "/api/v1/namespaces/default/pods/web/binding", false, "create", "", "v1", "default", "pods", "web", "binding")]
    [InlineData("namespace list", "GET", "/api/v1/namespaces", false, "list", "", "v1", null, "namespaces", null, null)]
    [InlineData("namespace get", "GET", "/api/v1/namespaces/kube-system", false, "get", "", "v1", "kube-system", "namespaces", "kube-system", null)]
    [InlineData("namespace status", "PUT", "/api/v1/namespaces/ns1/status", false, "update", "", "v1", "ns1", "namespaces", "ns1", "status")]
    [InlineData("namespace finalize", "PUT", "/api/v1/namespaces/ns1/finalize", false, "update", "", "v1", "ns1", "namespaces", "ns1", "finalize")]
    [InlineData("watch parameter", "GET", "/api/v1/namespaces/default/pods", true, "watch", "", "v1", "default", "pods", null, null)]
    [InlineData("legacy watch prefix", "GET", "/api/v1/watch/namespaces/default/pods", false, "watch", "", "v1", "default", "pods", null, null)]
    [InlineData("legacy watch prefix named", "GET", "/api/v1/watch/namespaces/default/pods/web", false, "watch", "", "v1", "default", "pods", "web", null)]
    [InlineData("legacy watch all namespaces", "GET", "/apis/apps/v1/watch/deployments", false, "watch", "apps", "v1", null, "deployments", null, null)]
    [InlineData("trailing slash", "GET", "/api/v1/namespaces/default/pods/", false, "list", "", "v1", "default", "pods", null, null)]
    public void Parse_ResourcePath(string name, string method, string path, bool watch, string verb, string group, string version,
        string? ns, string resource, string? resourceName, string? subresource)
    {
        _ = name;
        var info = RequestInfoParser.Parse(method, path, watch);
        Assert.NotNull(info);
        Assert.Equal((verb, group, version, ns, resource, resourceName, subresource),
            (info.Verb, info.Group, info.Version, info.Namespace, info.Resource, info.Name, info.Subresource));
    }

    [Fact]
    public void Parse_ProxyPath_KeepsTheRestAsExtraPath()
    {
        var info = RequestInfoParser.Parse("GET", "/api/v1/namespaces/default/pods/web:8080/proxy/a/b", false)!;
        Assert.Equal(("web:8080", "proxy"), (info.Name, info.Subresource));
        Assert.Equal(["a", "b"], info.ExtraPath);
    }

    [Fact]
    public void Parse_EscapedSegment_IsUnescaped() =>
        Assert.Equal("system:node:n1", RequestInfoParser.Parse("GET", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system%3Anode%3An1", false)!.Name);

    [Fact]
    public void Parse_EscapedNamespaceResourceAndSubresource_AreUnescaped()
    {
        var info = RequestInfoParser.Parse("GET", "/api/v1/%77atch/namespaces/n%2Ds/pods/a%20b/st%61tus", false)!;
        Assert.Equal(("watch", "n-s", "pods", "a b", "status"), (info.Verb, info.Namespace, info.Resource, info.Name, info.Subresource));
    }

    [Fact]
    public void Parse_ManySegments_KeepsThemAllAsExtraPath()
    {
        var extra = Enumerable.Range(0, 30).Select(i => "s" + i).ToArray();
        var info = RequestInfoParser.Parse("GET", "/api/v1/namespaces/default/pods/web/proxy/" + string.Join('/', extra), false)!;
        Assert.Equal(("web", "proxy"), (info.Name, info.Subresource));
        Assert.Equal(extra, info.ExtraPath);
    }

    [Theory]
    [InlineData("/api/v1/namespaces//pods")]
    [InlineData("/api/v1/watch")]
    [InlineData("/apis/apps/v1/watch/")]
    public void Parse_EmptySegmentOrNoResource_IsNull(string path) => Assert.Null(RequestInfoParser.Parse("GET", path, false));

    [Fact]
    public void Parse_RecurringNames_AreShared()
    {
        var a = RequestInfoParser.Parse("PUT", "/apis/apps/v1/namespaces/default/deployments/web/scale", false)!;
        var b = RequestInfoParser.Parse("PUT", "/apis/apps/v1/namespaces/default/deployments/web/scale", false)!;
        Assert.Same(a.Group, b.Group);
        Assert.Same(a.Resource, b.Resource);
        Assert.Same(a.Namespace, b.Namespace);
        Assert.Same(a.Subresource, b.Subresource);
    }

    [Fact]
    public void Parse_NamedGetWithWatchParameter_StaysGet() =>
        Assert.Equal("get", RequestInfoParser.Parse("GET", "/api/v1/namespaces/default/pods/web", true)!.Verb);

    [Theory]
    [InlineData("/")]
    [InlineData("/api")]
    [InlineData("/api/v1")]
    [InlineData("/apis")]
    [InlineData("/apis/apps")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/healthz")]
    [InlineData("/version")]
    [InlineData("/openapi/v3")]
    public void Parse_NonResourcePath_IsNull(string path) => Assert.Null(RequestInfoParser.Parse("GET", path, false));
}
