using System.Text.Json;

namespace Wharf.Api.Schema.Tests;

public sealed class ApiSchemaTests
{
    private static readonly ApiSchema Schema = ApiSchema.Default;

    [Fact]
    public void Default_LoadsPinnedKubernetes132Table()
    {
        Assert.Contains("Kubernetes 1.32", Schema.Source);
        Assert.True(Schema.DefinitionNames.Count > 600);
    }

    [Fact]
    public void EveryRef_ResolvesToADefinition()
    {
        var dangling = new List<string>();
        foreach (var name in Schema.DefinitionNames) CollectDangling(Schema.GetDefinition(name), name, dangling);
        Assert.Empty(dangling);
    }

    [Fact]
    public void Table_HasNoDescriptions()
    {
        var definition = Schema.GetDefinition("io.k8s.api.apps.v1.DeploymentSpec");
        Assert.False(definition.TryGetProperty("description", out _));
        Assert.True(ApiSchema.TryGetProperty(definition, "replicas", out var replicas));
        Assert.False(replicas.TryGetProperty("description", out _));
    }

    [Theory]
    [InlineData("apps", "v1", "Deployment", "io.k8s.api.apps.v1.Deployment")]
    [InlineData("", "v1", "Pod", "io.k8s.api.core.v1.Pod")]
    [InlineData("", "v1", "ConfigMap", "io.k8s.api.core.v1.ConfigMap")]
    [InlineData("", "v1", "Event", "io.k8s.api.core.v1.Event")]
    [InlineData("events.k8s.io", "v1", "Event", "io.k8s.api.events.v1.Event")]
    [InlineData("autoscaling", "v1", "Scale", "io.k8s.api.autoscaling.v1.Scale")]
    [InlineData("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")]
    [InlineData("apps", "v1", "DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")]
    public void TryGetDefinitionName_FindsKindByGroupVersionKind(string group, string version, string kind, string expected)
    {
        Assert.True(Schema.TryGetDefinitionName(new GroupVersionKind(group, version, kind), out var name));
        Assert.Equal(expected, name);
    }

    [Fact]
    public void TryGetDefinitionName_UnknownKind_IsFalse() =>
        Assert.False(Schema.TryGetDefinitionName(new GroupVersionKind("apps", "v1", "Nope"), out _));

    [Fact]
    public void GetGroupVersionKinds_ListsTheKindOfADefinition() =>
        Assert.Equal([new GroupVersionKind("apps", "v1", "Deployment")], Schema.GetGroupVersionKinds("io.k8s.api.apps.v1.Deployment"));

    [Theory]
    [InlineData("io.k8s.api.apps.v1.Deployment", "spec", "io.k8s.api.apps.v1.DeploymentSpec")]
    [InlineData("io.k8s.api.apps.v1.Deployment", "spec.template", "io.k8s.api.core.v1.PodTemplateSpec")]
    [InlineData("io.k8s.api.apps.v1.Deployment", "spec.template.spec.containers", "io.k8s.api.core.v1.Container")]
    [InlineData("io.k8s.api.apps.v1.Deployment", "spec.template.spec.containers.ports", "io.k8s.api.core.v1.ContainerPort")]
    [InlineData("io.k8s.api.core.v1.Pod", "spec.containers.resources.limits", "io.k8s.apimachinery.pkg.api.resource.Quantity")]
    [InlineData("io.k8s.api.core.v1.Service", "spec.ports.targetPort", "io.k8s.apimachinery.pkg.util.intstr.IntOrString")]
    public void TryResolvePath_WalksExplainPaths(string definition, string path, string expected)
    {
        Assert.True(Schema.TryResolvePath(definition, path, out var location));
        Assert.Equal(expected, location.DefinitionName);
    }

    [Fact]
    public void TryResolvePath_ScalarField_HasNoDefinition()
    {
        Assert.True(Schema.TryResolvePath("io.k8s.api.apps.v1.Deployment", "spec.replicas", out var location));
        Assert.Null(location.DefinitionName);
        Assert.Equal("integer", location.Schema.GetProperty("type").GetString());
    }

    [Fact]
    public void TryResolvePath_UnknownField_IsFalse() =>
        Assert.False(Schema.TryResolvePath("io.k8s.api.apps.v1.Deployment", "spec.nope", out _));

    [Theory]
    [InlineData("io.k8s.api.core.v1.PodSpec", "containers", "x-kubernetes-patch-merge-key", "name")]
    [InlineData("io.k8s.api.core.v1.PodSpec", "containers", "x-kubernetes-patch-strategy", "merge")]
    [InlineData("io.k8s.api.core.v1.Container", "ports", "x-kubernetes-list-type", "map")]
    [InlineData("io.k8s.api.apps.v1.DeploymentSpec", "strategy", "x-kubernetes-patch-strategy", "retainKeys")]
    public void Extensions_AreKept(string definition, string property, string extension, string expected)
    {
        Assert.True(ApiSchema.TryGetProperty(Schema.GetDefinition(definition), property, out var schema));
        Assert.Equal(expected, schema.GetProperty(extension).GetString());
    }

    [Fact]
    public void Resolve_FollowsRefToDefinition()
    {
        ApiSchema.TryGetProperty(Schema.GetDefinition("io.k8s.api.apps.v1.Deployment"), "spec", out var spec);
        var resolved = Schema.Resolve(spec, out var name);
        Assert.Equal("io.k8s.api.apps.v1.DeploymentSpec", name);
        Assert.True(resolved.TryGetProperty("properties", out _));
    }

    private static void CollectDangling(JsonElement element, string owner, List<string> dangling)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String && (ApiSchema.GetRefName(element) is not { } target || !Schema.TryGetDefinition(target, out _)))
                dangling.Add($"{owner}: {element.GetProperty("$ref")}");
            foreach (var property in element.EnumerateObject()) CollectDangling(property.Value, owner, dangling);
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) CollectDangling(item, owner, dangling);
        }
    }
}
