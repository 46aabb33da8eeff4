using System.Net;
using System.Text;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Server;

/// <summary>
/// The <c>fieldValidation</c> answers of every body path through the server: a JSON create or update (checked over
/// the body's bytes, repeated keys included), a YAML body and a merge patch (checked on the decoded or patched
/// object): one Warning header per finding (Warn, the default), upstream's 400 (Strict), nothing (Ignore).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FieldValidationAnswerTests(ServerFixture server)
{
    private const string Json = "application/json";

    public static TheoryData<string, string, string, string, string[]> Writes => new()
    {
        { "JSON create", "POST", "", """{"metadata":{"name":"c","bogus":1},"data":{"a":"1"},"extra":{"x":1}}""",
            ["unknown field \"metadata.bogus\"", "unknown field \"extra\""] },
        { "JSON update", "PUT", "/c", """{"metadata":{"name":"c","labels":{"a":"b"}},"data":{"a":"1"},"zzz":true,"binaryData":{}}""",
            ["unknown field \"zzz\""] },
        { "merge patch", "PATCH", "/c", """{"data":{"b":"2"},"spec":{"x":1},"metadata":{"labelz":{"a":"b"}}}""",
            ["unknown field \"metadata.labelz\"", "unknown field \"spec\""] },
        { "YAML update", "PUT", "/c", "metadata:\n  name: c\n  bogus: 1\ndata:\n  a: \"1\"\nimmutable: false\nzzz: 1\n",
            ["unknown field \"metadata.bogus\"", "unknown field \"zzz\""] },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Warn_SendsOneWarningPerFinding(string name, string method, string path, string body, string[] expected)
    {
        _ = name;
        var ns = await NamespaceWithConfigMapAsync(method);
        var response = await SendAsync(method, $"/api/v1/namespaces/{ns}/configmaps{path}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(expected.Select(f => $"299 - \"{f.Replace("\"", "\\\"")}\""), Warnings(response));
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Strict_RefusesWithUpstreamsMessage(string name, string method, string path, string body, string[] expected)
    {
        _ = name;
        var ns = await NamespaceWithConfigMapAsync(method);
        var response = await SendAsync(method, $"/api/v1/namespaces/{ns}/configmaps{path}?fieldValidation=Strict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("strict decoding error: " + string.Join(", ", expected), status["message"]!.GetValue<string>());
        Assert.Empty(Warnings(response));
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Ignore_SaysNothing(string name, string method, string path, string body, string[] expected)
    {
        _ = (name, expected);
        var ns = await NamespaceWithConfigMapAsync(method);
        var response = await SendAsync(method, $"/api/v1/namespaces/{ns}/configmaps{path}?fieldValidation=Ignore", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Empty(Warnings(response));
    }

    [Theory]
    [InlineData("POST", "", """{"metadata":{"name":"c","bogus":1},"data":{"a":"1","a":"2"},"extra":{"x":1}}""",
        "strict decoding error: unknown field \"metadata.bogus\", duplicate field \"data.a\", unknown field \"extra\"")]
    [InlineData("PUT", "/c", """{"metadata":{"name":"c","name":"c"},"data":{"a":"1"},"zzz":true}""",
        "strict decoding error: duplicate field \"metadata.name\", unknown field \"zzz\"")]
    public async Task Strict_ReportsRepeatedKeysOfTheJsonBody(string method, string path, string body, string expected)
    {
        var ns = await NamespaceWithConfigMapAsync(method);
        var response = await SendAsync(method, $"/api/v1/namespaces/{ns}/configmaps{path}?fieldValidation=Strict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(expected, status["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("a repeated data key, warned", "POST", "", "", """{"metadata":{"name":"c"},"data":{"a":"1","a":"2"}}""", "duplicate field \"data.a\"")]
    [InlineData("a repeated metadata key, warned", "PUT", "/c", "", """{"metadata":{"name":"x","name":"c"},"data":{"a":"2"}}""", "duplicate field \"metadata.name\"")]
    [InlineData("a repeated top-level key, warned", "POST", "", "", """{"kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"},"data":{"a":"2"}}""", "duplicate field \"data\"")]
    [InlineData("a repeated key, ignored", "POST", "", "?fieldValidation=Ignore", """{"metadata":{"name":"c"},"data":{"a":"1","a":"2"}}""", null)]
    public async Task RepeatedKeys_KeepTheLastValue_AsUpstreamsDecoder(string because, string method, string path, string query, string body, string? warning)
    {
        var ns = await NamespaceWithConfigMapAsync(method);
        var response = await SendAsync(method, $"/api/v1/namespaces/{ns}/configmaps{path}{query}", body);
        Assert.True(response.IsSuccessStatusCode, because + ": " + await response.Content.ReadAsStringAsync());
        Assert.Equal(warning is null ? [] : [$"299 - \"{warning.Replace("\"", "\\\"")}\""], Warnings(response));
        var (_, stored, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/c", null, null);
        Assert.Equal("c", stored!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("2", stored["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task RepeatedKeyInAPatch_IsABadRequest_NotAServerError()
    {
        var ns = await NamespaceWithConfigMapAsync("PATCH");
        var response = await SendAsync("PATCH", $"/api/v1/namespaces/{ns}/configmaps/c", """{"data":{"a":"1","a":"2"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("error decoding patch: ", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CleanMergePatch_ReportsNothingOfTheStoredObject()
    {
        // Upstream drops an unknown field when it decodes the create, so a later patch never reports it. A patch with an
        // unknown field of its own is checked on the patched object as before.
        var ns = await NamespaceWithConfigMapAsync("POST");
        var created = await SendAsync("POST", $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Ignore",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"},"extra":{"x":1}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var clean = await SendAsync("PATCH", $"/api/v1/namespaces/{ns}/configmaps/c?fieldValidation=Strict", """{"data":{"b":"2"}}""");
        var unknown = await SendAsync("PATCH", $"/api/v1/namespaces/{ns}/configmaps/c", """{"data":{"c":"3"},"zzz":1}""");

        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.Empty(Warnings(clean));
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("299 - \"unknown field \\\"zzz\\\"\"", Warnings(unknown));
    }

    [Fact]
    public async Task CleanBody_HasNoWarning()
    {
        var ns = await NamespaceWithConfigMapAsync("POST");
        var response = await SendAsync("POST", $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"b"}},"data":{"a":"1"},"immutable":false}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(Warnings(response));
    }

    private async Task<string> NamespaceWithConfigMapAsync(string method)
    {
        var ns = $"fv-{Guid.NewGuid():N}"[..20];
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{'apiVersion':'v1','kind':'Namespace','metadata':{{'name':'{ns}'}}}}");
        if (method != "POST")
            await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{'metadata':{'name':'c'},'data':{'a':'0'}}");
        return ns;
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string body)
    {
        var contentType = method == "PATCH" ? "application/merge-patch+json" : body.StartsWith('{') ? Json : "application/yaml";
        var (_, _, response) = await server.SendAsync(new HttpMethod(method), path, Encoding.UTF8.GetBytes(body), contentType);
        return response;
    }

    private static IEnumerable<string> Warnings(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Warning", out var values) ? values : [];
}
