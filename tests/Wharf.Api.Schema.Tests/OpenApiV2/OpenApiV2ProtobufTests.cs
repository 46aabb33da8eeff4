using System.Text.Json;
using Wharf.Api.Schema.OpenApi;
using Wharf.Api.Schema.OpenApiV2;
using Wharf.Api.Schema.Tests.OpenApi;

namespace Wharf.Api.Schema.Tests.OpenApiV2;

/// <summary>
/// Decodes the served protobuf with <see cref="ProtoMessage"/> and checks it against gnostic's OpenAPIv2.proto
/// field numbers (Document: swagger 1, info 2, paths 8, definitions 9; Schema: $ref 1, description 4, type 22,
/// properties 25, vendor_extension 31; Operation: consumes 7, parameters 8, vendor_extension 13…).
/// </summary>
public sealed class OpenApiV2ProtobufTests
{
    private const string DeploymentItem = "/apis/apps/v1/namespaces/{namespace}/deployments/{name}";

    private static readonly ServedResource[] Served = [TestResources.Deployment, TestResources.Pod, TestResources.ConfigMap, TestResources.CronTab];

    private static readonly Lazy<OpenApiV2Document> Document = new(() => OpenApiV2DocumentBuilder.Default.Build(Served));

    private static ProtoMessage Root => ProtoMessage.Parse(Document.Value.Protobuf);

    [Fact]
    public void Document_HeaderFields_Decode()
    {
        var root = Root;
        Assert.Equal("2.0", root.String(1));
        Assert.Equal("Kubernetes", root.Message(2).String(1));
        Assert.Equal("v1.32.0", root.Message(2).String(2));
        var security = root.Message(13).Named(1)["BearerToken"].Message(2);
        Assert.Equal("authorization", security.String(2));
        Assert.Equal("header", security.String(3));
    }

    [Fact]
    public void Definitions_SameNamesAsJson()
    {
        var json = JsonDocument.Parse(Document.Value.Json).RootElement.GetProperty("definitions").EnumerateObject().Select(d => d.Name);
        var proto = Root.Message(9).Messages(1).Select(m => m.String(1));
        Assert.Equal(json, proto);
    }

    [Theory]
    [InlineData("io.k8s.api.apps.v1.Deployment", "apps", "Deployment")]
    [InlineData("io.k8s.api.core.v1.Pod", "", "Pod")]
    [InlineData("io.k8s.api.core.v1.ConfigMap", "", "ConfigMap")]
    [InlineData("com.example.stable.v1.CronTab", "stable.example.com", "CronTab")]
    public void Definition_TypePropertiesAndGroupVersionKind_Decode(string definition, string group, string kind)
    {
        var schema = Root.Message(9).Named(1)[definition];
        Assert.Equal(["object"], schema.Message(22).Strings(1));
        var properties = schema.Message(25).Named(1);
        Assert.Contains("metadata", properties.Keys);
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", properties["metadata"].String(1));

        var extensions = schema.Named(31);
        var gvk = ReadAny(extensions["x-kubernetes-group-version-kind"]);
        Assert.Equal(group, gvk[0].GetProperty("group").GetString());
        Assert.Equal(kind, gvk[0].GetProperty("kind").GetString());
        Assert.Equal("v1", gvk[0].GetProperty("version").GetString());
    }

    [Fact]
    public void Definition_NestedPropertyDescriptionAndExtensions_Decode()
    {
        var podSpec = Root.Message(9).Named(1)["io.k8s.api.core.v1.PodSpec"];
        var containers = podSpec.Message(25).Named(1)["containers"];
        Assert.Equal(["array"], containers.Message(22).Strings(1));
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Container", containers.Message(23).Message(1).String(1));
        Assert.StartsWith("List of containers", containers.String(4));
        Assert.Equal("name", ReadAny(containers.Named(31)["x-kubernetes-patch-merge-key"]).GetString());
        Assert.Contains("containers", podSpec.Strings(19));
    }

    [Fact]
    public void PatchOperation_ParametersAndExtensions_Decode()
    {
        var item = Root.Message(8).Named(2)[DeploymentItem];
        var patch = item.Message(8);

        Assert.Equal("patchAppsV1NamespacedDeployment", patch.String(5));
        Assert.Contains("application/strategic-merge-patch+json", patch.Strings(7));
        Assert.Equal("patch", ReadAny(patch.Named(13)["x-kubernetes-action"]).GetString());
        Assert.Equal("Deployment", ReadAny(patch.Named(13)["x-kubernetes-group-version-kind"]).GetProperty("kind").GetString());

        var parameters = patch.Messages(8).Select(p => p.Message(1)).ToList();
        var body = parameters[0].Message(1);
        Assert.Equal("body", body.String(2));
        Assert.Equal("body", body.String(3));
        Assert.True(body.Bool(4));
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", body.Message(5).String(1));

        // NonBodyParameter case 3 = query; QueryParameterSubSchema: in 2, name 4, type 6, unique_items 20.
        var queries = parameters.Skip(1).Select(p => p.Message(2).Message(3)).ToList();
        Assert.Equal(["dryRun", "fieldManager", "fieldValidation", "force"], queries.Select(q => q.String(4)));
        Assert.All(queries, q => Assert.Equal("query", q.String(2)));
        Assert.Equal("boolean", queries[3].String(6));
        Assert.True(queries[2].Bool(20));

        var ok = patch.Message(9).Named(1)["200"].Message(1);
        Assert.Equal("OK", ok.String(1));
        Assert.Equal("#/definitions/io.k8s.api.apps.v1.Deployment", ok.Message(2).Message(1).String(1));
    }

    [Fact]
    public void PathParameters_UsePathSubSchema()
    {
        var item = Root.Message(8).Named(2)[DeploymentItem];
        // PathItem parameters 9 → Parameter → NonBodyParameter → case 4 = path; PathParameterSubSchema: required 1, name 4, type 5.
        var pathParams = item.Messages(9).Select(p => p.Message(1).Message(2)).Where(p => p.Has(4)).Select(p => p.Message(4)).ToList();
        Assert.Equal(["name", "namespace"], pathParams.Select(p => p.String(4)));
        Assert.All(pathParams, p => Assert.True(p.Bool(1)));
        Assert.All(pathParams, p => Assert.Equal("string", p.String(5)));
    }

    [Fact]
    public void EveryPath_IsEncoded()
    {
        var json = JsonDocument.Parse(Document.Value.Json).RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name);
        Assert.Equal(json, Root.Message(8).Messages(2).Select(p => p.String(1)));
    }

    /// <summary>gnostic Any keeps the value as YAML in field 2; the encoder writes flow style, which JSON reads.</summary>
    private static JsonElement ReadAny(ProtoMessage any) => JsonDocument.Parse(any.String(2)).RootElement;
}
