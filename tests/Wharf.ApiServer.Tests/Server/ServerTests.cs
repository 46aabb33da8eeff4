using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Server;

/// <summary>The whole HTTPS pipeline in-process: authentication, discovery, tables, watch and bad bodies.</summary>
[Collection(ServerCollection.Name)]
public sealed class ServerTests(ServerFixture server)
{
    private static void AssertStatus(JsonNode? body, int code, string reason)
    {
        Assert.NotNull(body);
        Assert.Equal(("Status", "v1", "Failure"), ((string)body["kind"]!, (string)body["apiVersion"]!, (string)body["status"]!));
        Assert.Equal((code, reason), ((int)body["code"]!, (string)body["reason"]!));
    }

    private async Task<string[]> ConfigMapNamesAsync(string ns)
    {
        var (_, body, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        return body!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).Order().ToArray();
    }

    private async Task EnsureNamespaceAsync(string name)
    {
        var (code, _, _) = await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{'apiVersion':'v1','kind':'Namespace','metadata':{{'name':'{name}'}}}}");
        Assert.True(code is HttpStatusCode.Created or HttpStatusCode.Conflict, code.ToString());
    }

    [Fact]
    public async Task NoClientCertificate_Is401Status()
    {
        var response = await server.Anonymous.GetAsync("/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertStatus(JsonNode.Parse(await response.Content.ReadAsStringAsync()), 401, "Unauthorized");
    }

    [Fact]
    public async Task Version_AnswersWithoutCredentials()
    {
        var response = await server.Anonymous.GetAsync("/version");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("1", "32"), ((string)body["major"]!, (string)body["minor"]!));
        Assert.StartsWith("v1.32.", (string)body["gitVersion"]!);
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis")]
    public async Task AggregatedDiscovery_HasExactContentType(string path)
    {
        var (code, body, response) = await server.SendAsync(HttpMethod.Get, path,
            accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString().Replace(" ", ""));
        Assert.Equal("APIGroupDiscoveryList", (string)body!["kind"]!);
    }

    [Fact]
    public async Task LegacyDiscovery_WithoutAggregatedAccept_IsApiVersions()
    {
        var (code, body, _) = await server.SendAsync(HttpMethod.Get, "/api", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("APIVersions", (string)body!["kind"]!);
        Assert.Equal(["v1"], body["versions"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public async Task UnknownResource_Is404Status()
    {
        var (code, body, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/widgets");
        Assert.Equal(HttpStatusCode.NotFound, code);
        AssertStatus(body, 404, "NotFound");
    }

    [Fact]
    public async Task List_AsTable_HasColumnsAndRows()
    {
        var (code, body, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces",
            accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(("Table", "meta.k8s.io/v1"), ((string)body!["kind"]!, (string)body["apiVersion"]!));
        Assert.Equal("Name", (string)body["columnDefinitions"]![0]!["name"]!);
        var rows = body["rows"]!.AsArray();
        Assert.Contains(rows, r => (string)r!["cells"]![0]! == "default");
        Assert.All(rows, r => Assert.Equal("PartialObjectMetadata", (string)r!["object"]!["kind"]!));
    }

    [Fact]
    public async Task Watch_StreamsAddedLinesForExistingAndNewObjects()
    {
        await EnsureNamespaceAsync("watch-test");
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/watch-test/configmaps", "{'metadata':{'name':'before'}}");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await server.Admin.GetAsync("/api/v1/namespaces/watch-test/configmaps?watch=true&timeoutSeconds=5", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var first = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/watch-test/configmaps", "{'metadata':{'name':'after'}}");
        var second = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;

        Assert.Equal(("ADDED", "before"), ((string)first["type"]!, (string)first["object"]!["metadata"]!["name"]!));
        Assert.Equal(("ADDED", "after"), ((string)second["type"]!, (string)second["object"]!["metadata"]!["name"]!));
        Assert.Equal("ConfigMap", (string)second["object"]!["kind"]!);
    }

    [Theory]
    [InlineData("malformed json", "{\"metadata\":{\"name\":\"x\"", "application/json", 400, "BadRequest")]
    [InlineData("not an object", "[1,2]", "application/json", 400, "BadRequest")]
    [InlineData("wrong kind", "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}", "application/json", 400, "BadRequest")]
    [InlineData("wrong apiVersion", "{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}", "application/json", 400, "BadRequest")]
    [InlineData("malformed yaml", "metadata: {name: x\n  - [", "application/yaml", 400, "BadRequest")]
    [InlineData("empty body", "", "application/json", 400, "BadRequest")]
    [InlineData("unknown media type", "{\"metadata\":{\"name\":\"x\"}}", "text/plain", 415, "UnsupportedMediaType")]
    [InlineData("invalid name", "{\"metadata\":{\"name\":\"X_x\"}}", "application/json", 422, "Invalid")]
    public async Task BadBody_IsRejectedAndStoresNothing(string name, string body, string contentType, int code, string reason)
    {
        _ = name;
        await EnsureNamespaceAsync("bad-bodies");
        var before = await ConfigMapNamesAsync("bad-bodies");
        var (status, json, _) = await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/bad-bodies/configmaps", Encoding.UTF8.GetBytes(body), contentType);
        Assert.Equal(code, (int)status);
        AssertStatus(json, code, reason);
        Assert.Equal(before, await ConfigMapNamesAsync("bad-bodies"));
    }

    [Fact]
    public async Task UnknownMediaType_HasUpstreamMessage()
    {
        await EnsureNamespaceAsync("bad-bodies");
        var (_, json, _) = await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/bad-bodies/configmaps", "{}"u8.ToArray(), "text/plain");
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
            (string)json!["message"]!);
    }

    [Fact]
    public async Task BodyOverThreeMebibytes_Is413AndStoresNothing()
    {
        await EnsureNamespaceAsync("bad-bodies");
        var before = await ConfigMapNamesAsync("bad-bodies");
        var big = Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + new string('x', 3 * 1024 * 1024) + "\"}}");
        // HTTP/2, so that the server's early answer (sent before the body is read) reaches the client instead of the
        // connection reset an HTTP/1.1 client sees while it is still writing the body.
        var (status, json, _) = await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/bad-bodies/configmaps", big, "application/json", version: HttpVersion.Version20);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertStatus(json, 413, "RequestEntityTooLarge");
        Assert.Equal(before, await ConfigMapNamesAsync("bad-bodies"));
    }

    [Fact]
    public async Task UnsupportedPatchType_Is415AndLeavesObject()
    {
        await EnsureNamespaceAsync("bad-bodies");
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/bad-bodies/configmaps", "{'metadata':{'name':'patched'},'data':{'a':'1'}}");
        var (status, json, _) = await server.SendJsonAsync(HttpMethod.Patch, "/api/v1/namespaces/bad-bodies/configmaps/patched", "{'data':{'a':'2'}}", "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        AssertStatus(json, 415, "UnsupportedMediaType");
        var (_, current, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/bad-bodies/configmaps/patched");
        Assert.Equal("1", (string)current!["data"]!["a"]!);
    }

    [Fact]
    public async Task Create_ThenGetAndDelete_OverHttp()
    {
        await EnsureNamespaceAsync("crud");
        var (created, body, _) = await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/crud/configmaps", "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'b'}}");
        Assert.Equal(HttpStatusCode.Created, created);
        var (again, conflict, _) = await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/crud/configmaps", "{'metadata':{'name':'c'}}");
        Assert.Equal(HttpStatusCode.Conflict, again);
        AssertStatus(conflict, 409, "AlreadyExists");
        var (deleted, _, _) = await server.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/crud/configmaps/c");
        Assert.Equal(HttpStatusCode.OK, deleted);
        var (missing, notFound, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/crud/configmaps/c");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("configmaps \"c\" not found", (string)notFound!["message"]!);
        Assert.False(string.IsNullOrEmpty((string?)body!["metadata"]!["uid"]));
    }
}
