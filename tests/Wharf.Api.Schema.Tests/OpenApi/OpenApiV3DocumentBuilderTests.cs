using System.Text;
using System.Text.Json;
using Wharf.Api.Schema.OpenApi;

namespace Wharf.Api.Schema.Tests.OpenApi;

public sealed class OpenApiV3DocumentBuilderTests
{
    private static readonly OpenApiV3DocumentBuilder Builder = OpenApiV3DocumentBuilder.Default;

    public static TheoryData<string, string, string, string> PatchCases => new()
    {
        { "deployment", "apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "Deployment" },
        { "pod", "api/v1", "/api/v1/namespaces/{namespace}/pods/{name}", "Pod" },
        { "service", "api/v1", "/api/v1/namespaces/{namespace}/services/{name}", "Service" },
        { "configmap", "api/v1", "/api/v1/namespaces/{namespace}/configmaps/{name}", "ConfigMap" },
        { "namespace", "api/v1", "/api/v1/namespaces/{name}", "Namespace" },
        { "crontab", "apis/stable.example.com/v1", "/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}", "CronTab" },
    };

    [Theory]
    [MemberData(nameof(PatchCases))]
    public void Build_PatchOperation_CarriesFieldValidationAndGroupVersionKind(string resource, string docPath, string itemPath, string kind)
    {
        var (document, path) = BuildFor(resource);
        Assert.Equal(docPath, path);
        var patch = document.GetProperty("paths").GetProperty(itemPath).GetProperty("patch");

        Assert.Equal("patch", patch.GetProperty("x-kubernetes-action").GetString());
        Assert.Equal(kind, patch.GetProperty("x-kubernetes-group-version-kind").GetProperty("kind").GetString());
        var parameters = patch.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["dryRun", "fieldManager", "fieldValidation", "force"], parameters);
        var contentTypes = patch.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(p => p.Name);
        Assert.Equal(["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"], contentTypes);
    }

    [Theory]
    [MemberData(nameof(PatchCases))]
    public void Build_KindSchema_CarriesGroupVersionKind(string resource, string docPath, string itemPath, string kind)
    {
        _ = (docPath, itemPath);
        var (document, _) = BuildFor(resource);
        var kinds = document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Where(s => s.Value.TryGetProperty("x-kubernetes-group-version-kind", out var gvk)
                        && gvk.EnumerateArray().Any(g => g.GetProperty("kind").GetString() == kind))
            .ToList();
        Assert.Single(kinds);
    }

    [Fact]
    public void Build_EveryComponentRef_PointsAtAComponent()
    {
        var (document, _) = BuildFor("deployment");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var refs = new List<string>();
        CollectRefs(document, refs);
        Assert.NotEmpty(refs);
        Assert.All(refs, r =>
        {
            Assert.StartsWith("#/components/schemas/", r);
            Assert.True(schemas.TryGetProperty(r["#/components/schemas/".Length..], out _), r);
        });
    }

    [Fact]
    public void Build_NestedObjectRef_IsWrappedInAllOfWithDefault()
    {
        var (document, _) = BuildFor("deployment");
        var spec = document.GetProperty("components").GetProperty("schemas").GetProperty("io.k8s.api.apps.v1.Deployment")
            .GetProperty("properties").GetProperty("spec");
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec", spec.GetProperty("allOf")[0].GetProperty("$ref").GetString());
        Assert.Equal(JsonValueKind.Object, spec.GetProperty("default").ValueKind);
    }

    [Fact]
    public void Build_ExplainPath_DeploymentSpecTemplate_ResolvesWithDescriptions()
    {
        var (document, _) = BuildFor("deployment");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var deploymentSpec = Follow(schemas, schemas.GetProperty("io.k8s.api.apps.v1.Deployment").GetProperty("properties").GetProperty("spec"));
        var template = deploymentSpec.GetProperty("properties").GetProperty("template");
        var podTemplate = Follow(schemas, template);
        var containers = Follow(schemas, podTemplate.GetProperty("properties").GetProperty("spec")).GetProperty("properties").GetProperty("containers");

        Assert.Equal("array", containers.GetProperty("type").GetString());
        Assert.Equal("name", containers.GetProperty("x-kubernetes-patch-merge-key").GetString());
        Assert.StartsWith("Template describes the pods", template.GetProperty("description").GetString());
        Assert.StartsWith("Number of desired pods.", deploymentSpec.GetProperty("properties").GetProperty("replicas").GetProperty("description").GetString());
    }

    [Fact]
    public void Build_ScaleSubresource_UsesAutoscalingScale()
    {
        var (document, _) = BuildFor("deployment");
        var put = document.GetProperty("paths").GetProperty("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale").GetProperty("put");
        Assert.Equal("Scale", put.GetProperty("x-kubernetes-group-version-kind").GetProperty("kind").GetString());
        Assert.Equal("autoscaling", put.GetProperty("x-kubernetes-group-version-kind").GetProperty("group").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("io.k8s.api.autoscaling.v1.Scale", out _));
    }

    [Fact]
    public void Build_ExecSubresource_IsAConnectOperation()
    {
        var (document, _) = BuildFor("pod");
        var exec = document.GetProperty("paths").GetProperty("/api/v1/namespaces/{namespace}/pods/{name}/exec");
        Assert.Equal("connect", exec.GetProperty("post").GetProperty("x-kubernetes-action").GetString());
        Assert.Equal("connect", exec.GetProperty("get").GetProperty("x-kubernetes-action").GetString());
    }

    [Fact]
    public void Build_CustomResource_UsesReversedGroupNameAndObjectMeta()
    {
        var (document, _) = BuildFor("crontab");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var crontab = schemas.GetProperty("com.example.stable.v1.CronTab");
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            crontab.GetProperty("properties").GetProperty("metadata").GetProperty("allOf")[0].GetProperty("$ref").GetString());
        Assert.True(crontab.GetProperty("properties").GetProperty("spec").GetProperty("properties").TryGetProperty("cronSpec", out _));
        Assert.True(schemas.TryGetProperty("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", out _));
        Assert.True(schemas.TryGetProperty("com.example.stable.v1.CronTabList", out _));
    }

    [Fact]
    public void Build_SameInput_GivesSameBytesAndHash()
    {
        var first = Builder.Build("apps", "v1", [TestResources.Deployment]);
        var second = Builder.Build("apps", "v1", [TestResources.Deployment]);
        Assert.Equal(first.Content, second.Content);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Matches("^[0-9A-F]{128}$", first.Hash);
    }

    [Fact]
    public void Build_ResourceOrder_DoesNotChangeTheDocument()
    {
        var first = Builder.Build("", "v1", [TestResources.Pod, TestResources.Service]);
        var second = Builder.Build("", "v1", [TestResources.Service, TestResources.Pod]);
        Assert.Equal(first.Hash, second.Hash);
    }

    [Fact]
    public void Build_ChangedResources_ChangeTheHash()
    {
        var without = Builder.Build("", "v1", [TestResources.Pod]);
        var with = Builder.Build("", "v1", [TestResources.Pod, TestResources.ConfigMap]);
        Assert.NotEqual(without.Hash, with.Hash);
    }

    [Fact]
    public void Build_HashIsSha512OfContent() =>
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(Builder.Build("apps", "v1", [TestResources.Deployment]).Content)),
            Builder.Build("apps", "v1", [TestResources.Deployment]).Hash);

    [Fact]
    public void Build_ResourceOfAnotherGroupVersion_IsRejected() =>
        Assert.Throws<ArgumentException>(() => Builder.Build("batch", "v1", [TestResources.Deployment]));

    [Fact]
    public void Index_ListsServerRelativeUrlWithHash()
    {
        var apps = Builder.Build("apps", "v1", [TestResources.Deployment]);
        var core = Builder.Build("", "v1", [TestResources.Pod]);
        using var index = JsonDocument.Parse(OpenApiV3Index.Build([apps, core]));
        var paths = index.RootElement.GetProperty("paths");
        Assert.Equal($"/openapi/v3/apis/apps/v1?hash={apps.Hash}", paths.GetProperty("apis/apps/v1").GetProperty("serverRelativeURL").GetString());
        Assert.Equal($"/openapi/v3/api/v1?hash={core.Hash}", paths.GetProperty("api/v1").GetProperty("serverRelativeURL").GetString());
    }

    private static (JsonElement Document, string Path) BuildFor(string resource)
    {
        var served = resource switch
        {
            "deployment" => TestResources.Deployment,
            "pod" => TestResources.Pod,
            "service" => TestResources.Service,
            "configmap" => TestResources.ConfigMap,
            "namespace" => TestResources.Namespace,
            "crontab" => TestResources.CronTab,
            _ => throw new ArgumentOutOfRangeException(nameof(resource)),
        };
        var built = Builder.Build(served.Group, served.Version, [served]);
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(built.Content));
        Assert.Equal("3.0.0", document.RootElement.GetProperty("openapi").GetString());
        return (document.RootElement.Clone(), built.Path);
    }

    private static JsonElement Follow(JsonElement schemas, JsonElement property)
    {
        var reference = property.TryGetProperty("allOf", out var allOf) ? allOf[0].GetProperty("$ref") : property.GetProperty("$ref");
        return schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
    }

    private static void CollectRefs(JsonElement element, List<string> refs)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String) refs.Add(property.Value.GetString()!);
                CollectRefs(property.Value, refs);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) CollectRefs(item, refs);
        }
    }
}
