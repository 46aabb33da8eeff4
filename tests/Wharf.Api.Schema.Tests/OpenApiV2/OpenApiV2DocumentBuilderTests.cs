using System.Text.Json;
using Wharf.Api.Schema.OpenApi;
using Wharf.Api.Schema.OpenApiV2;
using Wharf.Api.Schema.Tests.OpenApi;

namespace Wharf.Api.Schema.Tests.OpenApiV2;

public sealed class OpenApiV2DocumentBuilderTests
{
    private static readonly ServedResource[] Served =
        [TestResources.Deployment, TestResources.Pod, TestResources.ConfigMap, TestResources.Namespace, TestResources.CronTab];

    private static readonly Lazy<OpenApiV2Document> Document = new(() => OpenApiV2DocumentBuilder.Default.Build(Served));

    private static JsonElement Json => JsonDocument.Parse(Document.Value.Json).RootElement;

    public static TheoryData<string, string, string> Kinds => new()
    {
        { "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "Deployment", "io.k8s.api.apps.v1.Deployment" },
        { "/api/v1/namespaces/{namespace}/pods/{name}", "Pod", "io.k8s.api.core.v1.Pod" },
        { "/api/v1/namespaces/{namespace}/configmaps/{name}", "ConfigMap", "io.k8s.api.core.v1.ConfigMap" },
        { "/api/v1/namespaces/{name}", "Namespace", "io.k8s.api.core.v1.Namespace" },
        { "/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}", "CronTab", "com.example.stable.v1.CronTab" },
    };

    [Fact]
    public void Build_TopLevel_IsSwagger20()
    {
        Assert.Equal("2.0", Json.GetProperty("swagger").GetString());
        Assert.Equal("Kubernetes", Json.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("apiKey", Json.GetProperty("securityDefinitions").GetProperty("BearerToken").GetProperty("type").GetString());
        Assert.False(Json.TryGetProperty("openapi", out _));
        Assert.False(Json.TryGetProperty("components", out _));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Build_PatchOperation_HasBodyAndFieldValidationInV2Shape(string itemPath, string kind, string definition)
    {
        _ = definition;
        var patch = Json.GetProperty("paths").GetProperty(itemPath).GetProperty("patch");

        Assert.Equal("patch", patch.GetProperty("x-kubernetes-action").GetString());
        Assert.Equal(kind, patch.GetProperty("x-kubernetes-group-version-kind").GetProperty("kind").GetString());
        Assert.Equal(["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"],
            patch.GetProperty("consumes").EnumerateArray().Select(c => c.GetString()));
        var parameters = patch.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(["body", "dryRun", "fieldManager", "fieldValidation", "force"], parameters.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("body", parameters[0].GetProperty("in").GetString());
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", parameters[0].GetProperty("schema").GetProperty("$ref").GetString());
        var fieldValidation = parameters.Single(p => p.GetProperty("name").GetString() == "fieldValidation");
        Assert.Equal("query", fieldValidation.GetProperty("in").GetString());
        Assert.Equal("string", fieldValidation.GetProperty("type").GetString());
        Assert.False(fieldValidation.TryGetProperty("schema", out _));
        Assert.Equal("#/definitions/", patch.GetProperty("responses").GetProperty("200").GetProperty("schema").GetProperty("$ref").GetString()![..14]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Build_KindDefinition_CarriesGroupVersionKind(string itemPath, string kind, string definition)
    {
        _ = itemPath;
        var gvk = Json.GetProperty("definitions").GetProperty(definition).GetProperty("x-kubernetes-group-version-kind");
        Assert.Contains(gvk.EnumerateArray(), g => g.GetProperty("kind").GetString() == kind);
    }

    [Fact]
    public void Build_EveryRef_ResolvesInDefinitions()
    {
        var definitions = Json.GetProperty("definitions");
        var refs = new List<string>();
        CollectRefs(Json, refs);
        Assert.NotEmpty(refs);
        Assert.All(refs, r =>
        {
            Assert.StartsWith("#/definitions/", r);
            Assert.True(definitions.TryGetProperty(r["#/definitions/".Length..], out _), r);
        });
    }

    [Fact]
    public void Build_BuiltInDefinitions_CarryDescriptionsBesideRefs()
    {
        var definitions = Json.GetProperty("definitions");
        var spec = definitions.GetProperty("io.k8s.api.apps.v1.Deployment").GetProperty("properties").GetProperty("spec");
        Assert.Equal("#/definitions/io.k8s.api.apps.v1.DeploymentSpec", spec.GetProperty("$ref").GetString());
        Assert.StartsWith("Specification of the desired behavior", spec.GetProperty("description").GetString());
        var replicas = definitions.GetProperty("io.k8s.api.apps.v1.DeploymentSpec").GetProperty("properties").GetProperty("replicas");
        Assert.StartsWith("Number of desired pods.", replicas.GetProperty("description").GetString());
        var containers = definitions.GetProperty("io.k8s.api.core.v1.PodSpec").GetProperty("properties").GetProperty("containers");
        Assert.Equal("name", containers.GetProperty("x-kubernetes-patch-merge-key").GetString());
    }

    [Fact]
    public void Build_CustomResource_IsReducedForV2()
    {
        var crontab = Json.GetProperty("definitions").GetProperty("com.example.stable.v1.CronTab");
        var properties = crontab.GetProperty("properties");
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", properties.GetProperty("metadata").GetProperty("$ref").GetString());
        var extra = properties.GetProperty("spec").GetProperty("properties").GetProperty("extra");
        Assert.True(extra.GetProperty("x-kubernetes-preserve-unknown-fields").GetBoolean());
        Assert.False(extra.TryGetProperty("properties", out _));
        Assert.Equal("string", properties.GetProperty("spec").GetProperty("properties").GetProperty("steps")
            .GetProperty("items").GetProperty("properties").GetProperty("name").GetProperty("type").GetString());
        Assert.True(Json.GetProperty("definitions").TryGetProperty("com.example.stable.v1.CronTabList", out _));
    }

    [Fact]
    public void Build_NullableCustomField_LosesTypeAndRequirement()
    {
        var resource = TestResources.CronTab with
        {
            CustomResourceSchema = JsonDocument.Parse("""
                {"type":"object","required":["spec"],"properties":{"spec":{"type":"object","nullable":true,"properties":{"a":{"type":"string"}}},
                 "tags":{"type":"array","x-kubernetes-preserve-unknown-fields":true,"items":{"type":"string"}},
                 "port":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]}}}
                """).RootElement.Clone(),
        };
        var json = JsonDocument.Parse(OpenApiV2DocumentBuilder.Default.Build([resource]).Json).RootElement;
        var crontab = json.GetProperty("definitions").GetProperty("com.example.stable.v1.CronTab");
        var spec = crontab.GetProperty("properties").GetProperty("spec");
        Assert.False(spec.TryGetProperty("type", out _));
        Assert.False(spec.TryGetProperty("nullable", out _));
        Assert.False(crontab.TryGetProperty("required", out _));
        Assert.False(crontab.GetProperty("properties").GetProperty("tags").TryGetProperty("type", out _));
        Assert.False(crontab.GetProperty("properties").GetProperty("port").TryGetProperty("anyOf", out _));
    }

    [Fact]
    public void Build_SameInputInAnyOrder_GivesSameBytesAndETags()
    {
        var reversed = OpenApiV2DocumentBuilder.Default.Build(Served.Reverse());
        Assert.Equal(Document.Value.Json, reversed.Json);
        Assert.Equal(Document.Value.Protobuf, reversed.Protobuf);
        Assert.Matches("^[0-9A-F]{128}$", Document.Value.JsonETag);
        Assert.NotEqual(Document.Value.JsonETag, Document.Value.ProtobufETag);
    }

    [Fact]
    public void Build_AddingACustomResource_ChangesTheETags()
    {
        var without = OpenApiV2DocumentBuilder.Default.Build(Served.Where(r => !r.IsCustomResource));
        Assert.NotEqual(without.JsonETag, Document.Value.JsonETag);
        Assert.NotEqual(without.ProtobufETag, Document.Value.ProtobufETag);
    }

    private static void CollectRefs(JsonElement element, List<string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref") into.Add(property.Value.GetString()!);
                    else CollectRefs(property.Value, into);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) CollectRefs(item, into);
                break;
        }
    }
}
