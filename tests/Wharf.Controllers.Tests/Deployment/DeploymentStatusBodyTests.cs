using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;
using Wharf.Client.Rest;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.Deployment;

public sealed class DeploymentStatusBodyTests
{
    private const string Odd = "caf\u00e9 <&> +'\"\\ \u2028 \U0001F600";

    private static V1Deployment Deployment(Dictionary<string, string>? annotations, V1DeploymentStatus? status) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = "web", NamespaceProperty = "app", Uid = "u-1", ResourceVersion = "7", Generation = 2,
            CreationTimestamp = new DateTime(2026, 11, 27, 16, 0, 0, DateTimeKind.Utc),
            Labels = new Dictionary<string, string> { ["app"] = Odd }, Annotations = annotations,
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = 5,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 1 } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec
                {
                    Containers = [new V1Container
                    {
                        Name = "c", Image = "nginx", Args = [Odd],
                        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") } },
                    }],
                    TerminationGracePeriodSeconds = 30,
                },
            },
        },
        Status = status,
    };

    private static V1DeploymentStatus Status(string message) => new()
    {
        ObservedGeneration = 2, Replicas = 5, UnavailableReplicas = 5,
        Conditions = [DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, message, new DateTimeOffset(2026, 11, 27, 16, 1, 2, TimeSpan.Zero))],
    };

    public static TheoryData<string, Dictionary<string, string>?, bool, string?> Cases => new()
    {
        { "no annotations, new revision: an annotation map last in metadata", null, true, "1" },
        { "no annotations, status only", null, true, null },
        { "annotations without the revision: appended", new() { ["a"] = Odd, ["b"] = "2" }, true, "3" },
        { "revision first of several: replaced in place", new() { [DeploymentAnnotations.Revision] = "1", ["a"] = Odd }, true, "2" },
        { "no status before, revision only", null, false, "1" },
        { "no status before, a status", new() { ["a"] = "b" }, false, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_IsWhatTheTreeOfTheSerialisedModelWrote(string name, Dictionary<string, string>? annotations, bool hadStatus, string? revision)
    {
        _ = name;
        var d = Deployment(annotations, hadStatus ? Status("old \"web-1\"") : null);
        var status = revision is not null && hadStatus ? d.Status : Status($"ReplicaSet \"web-2\" is progressing. {Odd}");
        var before = Encoding.UTF8.GetString(ModelJson.ToUtf8(d));

        Assert.Equal(Encoding.UTF8.GetString(TreeBody(d, status, revision)), Encoding.UTF8.GetString(DeploymentStatusBody.Write(d, status, revision)));
        Assert.Equal(before, Encoding.UTF8.GetString(ModelJson.ToUtf8(d)));
    }

    [Fact]
    public void Write_WithoutStatus_LeavesItOut()
    {
        var d = Deployment(null, null);

        Assert.Equal(Encoding.UTF8.GetString(TreeBody(d, null, "1")), Encoding.UTF8.GetString(DeploymentStatusBody.Write(d, null, "1")));
        Assert.DoesNotContain("\"status\"", Encoding.UTF8.GetString(DeploymentStatusBody.Write(d, null, "1")));
    }

    [Fact]
    public void Members_AreThoseTheModelWrites_InItsOrder()
    {
        var info = (JsonTypeInfo)ModelJson.Options.GetTypeInfo(typeof(V1Deployment));

        Assert.Equal(DeploymentStatusBody.Members, info.Properties.Select(p => p.Name));
    }

    /// <summary>What a pass sent before: the model serialised and parsed, status and annotation set in the tree, the tree written by the client.</summary>
    private static byte[] TreeBody(V1Deployment d, V1DeploymentStatus? status, string? revision)
    {
        var json = ModelJson.ToJson(d);
        if (revision is not null)
        {
            var metadata = (JsonObject)json["metadata"]!;
            var annotations = metadata["annotations"] as JsonObject ?? new JsonObject();
            metadata["annotations"] = annotations;
            annotations[DeploymentAnnotations.Revision] = revision;
        }
        if (status is not null) json["status"] = ModelJson.ToNode(status);
        return JsonBody.Write(json, static (w, n) => n.WriteTo(w));
    }
}
