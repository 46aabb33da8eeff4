using System.Net;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Server;

/// <summary>
/// 406 NotAcceptable through the whole server, with upstream's messages, and the requests that still pass. Upstream
/// takes the first clause it can serve and only then converts, so a list conversion asked of one object is refused
/// even when a plain clause follows.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class NotAcceptableTests(ServerFixture server)
{
    private const string Ns = "not-acceptable";
    private const string MediaTypes = "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf";

    private async Task SeedAsync()
    {
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{'metadata':{{'name':'{Ns}'}}}}");
        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/configmaps", "{'metadata':{'name':'c1'}}");
        await server.SendJsonAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{Ns}/deployments",
            "{'metadata':{'name':'d1'},'spec':{'selector':{'matchLabels':{'a':'b'}},'template':{'metadata':{'labels':{'a':'b'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}");
    }

    [Theory]
    [InlineData("list of one object", "/api/v1/namespaces/" + Ns + "/configmaps/c1", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", "you requested PartialObjectMetadataList, but the requested object is not a list (*core.ConfigMap)")]
    [InlineData("list of one object, even with a fallback", "/api/v1/namespaces/" + Ns + "/configmaps/c1", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json", "you requested PartialObjectMetadataList, but the requested object is not a list (*core.ConfigMap)")]
    [InlineData("one object of a list", "/apis/apps/v1/namespaces/" + Ns + "/deployments", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1", "you requested PartialObjectMetadata, but the requested object is a list (*apps.DeploymentList)")]
    [InlineData("table of an unserved version", "/api/v1/namespaces/" + Ns + "/configmaps", "application/json;as=Table;g=meta.k8s.io;v=v2", MediaTypes)]
    [InlineData("partial metadata of an unserved group", "/api/v1/namespaces/" + Ns + "/configmaps/c1", "application/json;as=PartialObjectMetadata;g=example.com;v=v1", MediaTypes)]
    [InlineData("html", "/api/v1/namespaces/" + Ns + "/configmaps", "text/html", MediaTypes)]
    public async Task Refused(string name, string path, string accept, string message)
    {
        _ = name;
        await SeedAsync();

        var (code, body, _) = await server.SendAsync(HttpMethod.Get, path, accept: accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, code);
        Assert.Equal(("Failure", "NotAcceptable", 406L, message),
            ((string?)body?["status"], (string?)body?["reason"], (long?)body?["code"], (string?)body?["message"]));
    }

    [Theory]
    [InlineData("table of an unserved version falls back to the list", "/api/v1/namespaces/" + Ns + "/configmaps", "application/json;as=Table;g=meta.k8s.io;v=v2,application/json", "ConfigMapList")]
    [InlineData("table without a version falls back too", "/api/v1/namespaces/" + Ns + "/configmaps", "application/json;as=Table;g=meta.k8s.io,application/json", "ConfigMapList")]
    [InlineData("partial metadata of one object", "/api/v1/namespaces/" + Ns + "/configmaps/c1", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1", "PartialObjectMetadata")]
    [InlineData("kubectl get", "/apis/apps/v1/namespaces/" + Ns + "/deployments", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "Table")]
    public async Task Served(string name, string path, string accept, string kind)
    {
        _ = name;
        await SeedAsync();

        var (code, body, _) = await server.SendAsync(HttpMethod.Get, path, accept: accept);

        Assert.True(code == HttpStatusCode.OK, body?.ToJsonString());
        Assert.Equal(kind, (string?)body?["kind"]);
    }
}
