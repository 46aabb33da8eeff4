using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.Deployment;

public sealed class ReplicaSetModelsTests
{
    private static JsonObject Rs(string rv, int ready = 1, Action<JsonObject>? change = null)
    {
        var rs = (JsonObject)JsonNode.Parse($$$$"""
            {"apiVersion":"apps/v1","kind":"ReplicaSet",
             "metadata":{"name":"web-abc","namespace":"app","uid":"u-rs","resourceVersion":"{{{{rv}}}}","generation":1,"labels":{"app":"web","pod-template-hash":"abc"},
                         "annotations":{"deployment.kubernetes.io/revision":"1"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"u-d","controller":true,"blockOwnerDeletion":true}]},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","pod-template-hash":"abc"}},"template":{"metadata":{"labels":{"app":"web","pod-template-hash":"abc"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}},
             "status":{"replicas":3,"readyReplicas":{{{{ready}}}},"availableReplicas":{{{{ready}}}},"observedGeneration":1}}
            """)!;
        change?.Invoke(rs);
        return rs;
    }

    private static string Text(V1ReplicaSet model) => Encoding.UTF8.GetString(ModelJson.ToUtf8(model));

    [Fact]
    public void TheSameCachedObject_GivesTheSameModel()
    {
        var models = new ReplicaSetModels();
        var json = Rs("5");

        Assert.Same(models.Of(json), models.Of(json));
    }

    [Fact]
    public void AStatusOnlyChange_GivesTheNewStatusAndVersion_OnTheEarlierMetadataAndSpec()
    {
        var models = new ReplicaSetModels();
        var first = models.Of(Rs("5", ready: 1));
        var firstText = Text(first);

        var next = models.Of(Rs("6", ready: 3));

        Assert.Equal(Text(ModelJson.ToModel<V1ReplicaSet>(Rs("6", ready: 3))), Text(next));
        Assert.Same(first.Spec, next.Spec);
        Assert.Equal(firstText, Text(first));
    }

    public static TheoryData<string, Action<JsonObject>> OtherChanges => new()
    {
        { "labels", rs => rs["metadata"]!["labels"]!["extra"] = "x" },
        { "annotations", rs => rs["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"] = "2" },
        { "spec", rs => rs["spec"]!["replicas"] = 5 },
        { "deletion", rs => rs["metadata"]!["deletionTimestamp"] = "2026-11-27T16:00:00Z" },
        { "managedFields", rs => rs["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "m" }) },
        { "status gone", rs => rs.Remove("status") },
        { "a new member", rs => rs["extra"] = 1 },
    };

    [Theory]
    [MemberData(nameof(OtherChanges))]
    public void AnyOtherChange_IsReadWhole(string name, Action<JsonObject> change)
    {
        _ = name;
        var models = new ReplicaSetModels();
        var first = models.Of(Rs("5"));
        var cur = Rs("6", change: change);

        var next = models.Of(cur);

        Assert.False(ReplicaSetModels.StatusAndVersionOnly(Rs("5"), cur));
        Assert.Equal(Text(ModelJson.ToModel<V1ReplicaSet>(cur)), Text(next));
        Assert.NotSame(first.Spec, next.Spec);
    }

    [Fact]
    public void Forget_DropsTheEntry()
    {
        var models = new ReplicaSetModels();
        var json = Rs("5");
        var first = models.Of(json);

        models.Forget("u-rs");

        Assert.NotSame(first, models.Of(json));
        Assert.Equal(1, models.Count);
    }
}
