using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.PodControl;

/// <summary>ToJson / ToNode write a model as KubernetesJson does (dates, quantities, int-or-string, enums as text, nulls left out).</summary>
public sealed class ModelJsonTests
{
    private static V1Deployment Deployment() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = "d", NamespaceProperty = "ns", Uid = "u", ResourceVersion = "7", Generation = 3,
            CreationTimestamp = new DateTime(2026, 11, 26, 21, 0, 5, DateTimeKind.Utc),
            Labels = new Dictionary<string, string> { ["app"] = "d", ["é"] = "\"quoted\"" },
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = 5,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "d" } },
            Strategy = new V1DeploymentStrategy { RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 1 } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "d" } },
                Spec = new V1PodSpec
                {
                    Containers = [new V1Container
                    {
                        Name = "c", Image = "busybox",
                        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") } },
                    }],
                },
            },
        },
        Status = new V1DeploymentStatus
        {
            Replicas = 5, ObservedGeneration = 3,
            Conditions = [new V1DeploymentCondition { Type = "Available", Status = "True", LastTransitionTime = new DateTime(2026, 11, 26, 21, 0, 9, DateTimeKind.Utc) }],
        },
    };

    [Fact]
    public void ToJson_IsWhatKubernetesJsonWrites()
    {
        var model = Deployment();

        var json = ModelJson.ToJson(model);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(model)), json), json.ToJsonString());
        Assert.Equal("2026-11-26T21:00:05Z", (string?)json["metadata"]!["creationTimestamp"]);
        Assert.Equal("100m", (string?)json["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]);
        Assert.Equal("25%", (string?)json["spec"]!["strategy"]!["rollingUpdate"]!["maxSurge"]);
        Assert.Equal(1, (int?)json["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]);
        Assert.False(json["status"]!.AsObject().ContainsKey("readyReplicas")); // nulls are left out
    }

    [Theory]
    [InlineData("a status, as the Deployment pass writes one", true)]
    [InlineData("null", false)]
    public void ToNode_WritesTheModelOrNothing(string _, bool present)
    {
        var status = present ? Deployment().Status : null;

        var node = ModelJson.ToNode(status);

        if (!present) Assert.Null(node);
        else Assert.True(JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(status!)), node), node!.ToJsonString());
    }

    [Fact]
    public void ToJson_RoundTripsThroughToModel()
    {
        var model = Deployment();

        var back = ModelJson.ToModel<V1Deployment>(ModelJson.ToJson(model));

        Assert.True(JsonNode.DeepEquals(ModelJson.ToJson(model), ModelJson.ToJson(back)));
    }

    [Fact]
    public void ToUtf8_IsTheTextKubernetesJsonWrites()
    {
        var model = Deployment();

        Assert.Equal(KubernetesJson.Serialize(model), System.Text.Encoding.UTF8.GetString(ModelJson.ToUtf8(model)));
        Assert.Equal(KubernetesJson.Serialize(model.Status), System.Text.Encoding.UTF8.GetString(ModelJson.ToUtf8(model.Status)));
    }

    [Fact]
    public void FromUtf8_ReadsWhatKubernetesJsonReads()
    {
        var text = KubernetesJson.Serialize(Deployment());

        var read = ModelJson.FromUtf8<V1Deployment>(System.Text.Encoding.UTF8.GetBytes(text));

        Assert.Equal(text, KubernetesJson.Serialize(read));
        Assert.Equal(new DateTime(2026, 11, 26, 21, 0, 5, DateTimeKind.Utc), read.Metadata.CreationTimestamp);
        Assert.Equal("100m", read.Spec.Template.Spec.Containers[0].Resources.Requests["cpu"].ToString());
    }

    [Fact]
    public void Copy_IsEqualAndSharesNothing()
    {
        var model = Deployment();

        var copy = ModelJson.Copy(model);

        Assert.Equal(KubernetesJson.Serialize(model), KubernetesJson.Serialize(copy));
        Assert.NotSame(model.Status, copy.Status);
        copy.Status.Replicas = 9;
        copy.Spec.Template.Metadata.Labels["app"] = "changed";
        copy.Status.Conditions[0].Status = "False";
        Assert.Equal(5, model.Status.Replicas);
        Assert.Equal("d", model.Spec.Template.Metadata.Labels["app"]);
        Assert.Equal("True", model.Status.Conditions[0].Status);
    }
}
