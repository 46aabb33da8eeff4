using Wharf.Api.Schema.Descriptions;

namespace Wharf.Api.Schema.Tests.Descriptions;

public sealed class SchemaDescriptionsTests
{
    private static readonly SchemaDescriptions Descriptions = SchemaDescriptions.Default;

    [Theory]
    [InlineData("io.k8s.api.apps.v1.DeploymentSpec", "V1DeploymentSpec")]
    [InlineData("io.k8s.api.core.v1.Pod", "V1Pod")]
    [InlineData("io.k8s.api.core.v1.EventSeries", "Corev1EventSeries")]
    [InlineData("io.k8s.api.events.v1.EventSeries", "Eventsv1EventSeries")]
    [InlineData("io.k8s.api.core.v1.Event", "Corev1Event")]
    [InlineData("io.k8s.api.discovery.v1.EndpointPort", "Discoveryv1EndpointPort")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "V1ObjectMeta")]
    [InlineData("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", "V1JSONSchemaProps")]
    [InlineData("io.k8s.apimachinery.pkg.util.intstr.IntOrString", "IntOrString")]
    [InlineData("io.k8s.apimachinery.pkg.api.resource.Quantity", "ResourceQuantity")]
    public void GetModelTypeName_FollowsTheClientGeneratorsNaming(string definition, string expected) =>
        Assert.Equal(expected, Descriptions.GetModelTypeName(definition));

    [Theory]
    [InlineData("io.k8s.api.apps.v1.DeploymentSpec", "replicas", "Number of desired pods.")]
    [InlineData("io.k8s.api.apps.v1.DeploymentSpec", "template", "Template describes the pods")]
    [InlineData("io.k8s.api.core.v1.Container", "image", "Container image name.")]
    [InlineData("io.k8s.api.core.v1.ConfigMap", "data", "Data contains the configuration data.")]
    [InlineData("io.k8s.api.core.v1.ServiceSpec", "type", "type determines how the Service is exposed.")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "name", "Name must be unique within a namespace.")]
    public void ForProperty_ReturnsThePackagesSummary(string definition, string field, string expectedStart) =>
        Assert.StartsWith(expectedStart, Descriptions.ForProperty(definition, field));

    [Fact]
    public void ForDefinition_ReturnsTheTypeSummary() =>
        Assert.Equal("Deployment enables declarative updates for Pods and ReplicaSets.",
            Descriptions.ForDefinition("io.k8s.api.apps.v1.Deployment"));

    [Fact]
    public void ForProperty_KeepsParagraphBreaks() =>
        Assert.Contains("\n\n", Descriptions.ForProperty("io.k8s.api.core.v1.ServiceSpec", "clusterIPs"));

    [Fact]
    public void ForProperty_UnknownField_IsNull() =>
        Assert.Null(Descriptions.ForProperty("io.k8s.api.apps.v1.DeploymentSpec", "nope"));
}
