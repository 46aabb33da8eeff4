using System.Text.Json;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Api;

/// <summary>Requests no client library would send; each must be refused with the right Status and change nothing.</summary>
public sealed class BadInputTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private const string Json = "application/json";

    public static TheoryData<string, string, string, string?, string, int, string, string?> Cases => new()
    {
        // case, method, path (NS = namespace), body, content type, code, reason, exact message (null = any)
        { "malformed-json", "POST", "/api/v1/namespaces/NS/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x" """, Json, 400, "BadRequest", null },
        { "malformed-yaml", "POST", "/api/v1/namespaces/NS/configmaps", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n", "application/yaml", 400, "BadRequest", null },
        { "wrong-kind-for-url", "POST", "/api/v1/namespaces/NS/configmaps", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""", Json, 400, "BadRequest", null },
        { "name-mismatch", "PUT", "/api/v1/namespaces/NS/configmaps/keep", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}}""", Json, 400, "BadRequest",
            "the name of the object (other) does not match the name on the URL (keep)" },
        { "namespace-mismatch", "POST", "/api/v1/namespaces/NS/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"elsewhere"}}""", Json, 400, "BadRequest",
            "the namespace of the provided object does not match the namespace sent on the request" },
        { "unknown-resource", "POST", "/api/v1/namespaces/NS/foos", """{"apiVersion":"v1","kind":"Foo","metadata":{"name":"x"}}""", Json, 404, "NotFound", null },
        { "unsupported-media-type", "POST", "/api/v1/namespaces/NS/configmaps", "name=x", "text/plain", 415, "UnsupportedMediaType", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_IsRefused_AndNothingChanges(string caseName, string method, string path, string? body, string contentType, int code, string reason, string? message)
    {
        var ns = await fixture.CreateNamespaceAsync(caseName[..4]);
        var before = await SnapshotAsync(ns);

        var response = await fixture.Raw.SendAsync(new HttpMethod(method), path.Replace("NS", ns), body, contentType, CancellationToken.None);

        Assert.True(code == response.StatusCode, $"{caseName}: {response}");
        Assert.Equal("Status", response.Json.GetProperty("kind").GetString());
        Assert.Equal("Failure", response.Json.GetProperty("status").GetString());
        Assert.Equal(reason, response.Json.GetProperty("reason").GetString());
        Assert.Equal(code, response.Json.GetProperty("code").GetInt32());
        if (message is not null)
            Assert.Equal(message, response.Json.GetProperty("message").GetString());
        Assert.Equal(before, await SnapshotAsync(ns));
    }

    [Fact]
    public async Task InvalidName_Is422WithCause_AndNothingChanges()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var before = await SnapshotAsync(ns);

        var response = await fixture.Raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}}""", Json, CancellationToken.None);

        const string rule = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        Assert.Equal(422, response.StatusCode);
        var status = response.Json;
        Assert.Equal("Invalid", status.GetProperty("reason").GetString());
        Assert.Equal($"ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": {rule}", status.GetProperty("message").GetString());
        var details = status.GetProperty("details");
        Assert.Equal("Bad_Name", details.GetProperty("name").GetString());
        Assert.Equal("ConfigMap", details.GetProperty("kind").GetString());
        var cause = Assert.Single(details.GetProperty("causes").EnumerateArray());
        Assert.Equal("FieldValueInvalid", cause.GetProperty("reason").GetString());
        Assert.Equal("metadata.name", cause.GetProperty("field").GetString());
        Assert.Equal($"Invalid value: \"Bad_Name\": {rule}", cause.GetProperty("message").GetString());
        Assert.Equal(before, await SnapshotAsync(ns));
    }

    [Fact]
    public async Task InvalidName_ThroughKubectl_PrintsInvalid()
    {
        using var kubectl = fixture.Kubectl();
        var ns = await fixture.CreateNamespaceAsync();

        var result = await kubectl.RunAsync("create", "configmap", "Bad_Name", "-n", ns);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: failed to create configmap: ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", result.StdErr);
    }

    [Fact]
    public async Task BodyOver3MiB_Is413_AndNothingChanges()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var before = await SnapshotAsync(ns);
        var body = JsonSerializer.Serialize(new { apiVersion = "v1", kind = "ConfigMap", metadata = new { name = "big" }, data = new { k = new string('x', 3 * 1024 * 1024 + 16) } });

        var response = await fixture.Raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", body, Json, CancellationToken.None);

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("RequestEntityTooLarge", response.Json.GetProperty("reason").GetString());
        Assert.Equal("Request entity too large: limit is 3145728", response.Json.GetProperty("message").GetString());
        Assert.Equal(before, await SnapshotAsync(ns));
    }

    /// <summary>
    /// The namespace's own configmaps as name=resourceVersion (after seeding <c>keep</c>), so any stored change shows.
    /// </summary>
    private async Task<string> SnapshotAsync(string ns)
    {
        var path = $"/api/v1/namespaces/{ns}/configmaps?fieldSelector={Uri.EscapeDataString(SystemObjects.NotRootCaConfigMap)}";
        var list = await fixture.Raw.SendAsync(HttpMethod.Get, path, null, null, CancellationToken.None);
        if (list.Json.GetProperty("items").GetArrayLength() == 0)
        {
            var seeded = await fixture.Raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
                """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"keep"},"data":{"k":"v"}}""", Json, CancellationToken.None);
            Assert.Equal(201, seeded.StatusCode);
            list = await fixture.Raw.SendAsync(HttpMethod.Get, path, null, null, CancellationToken.None);
        }
        return string.Join(",", list.Json.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("metadata").GetProperty("name")}={i.GetProperty("metadata").GetProperty("resourceVersion")}:{i.GetProperty("data")}"));
    }
}
