using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Controllers.GarbageCollector;

namespace Wharf.Controllers.Tests.GarbageCollector;

/// <summary>The collector's monitors keep only what the graph reads, and the graph reads the same from the projection.</summary>
public sealed class GraphMetadataTests
{
    private static string Json(bool deleting) => """
        {"apiVersion":"apps/v1","kind":"ReplicaSet",
         "metadata":{"name":"rs","namespace":"ns","uid":"u1","resourceVersion":"7","generation":3,
           "labels":{"app":"a"},"annotations":{"big":"xxxxxxxxxxxxxxxx"},
           "managedFields":[{"manager":"m","operation":"Update","fieldsV1":{"f:spec":{}}}],
           "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"u0","controller":true,"blockOwnerDeletion":true}],
           "finalizers":["foregroundDeletion"]
           DELETION},
         "spec":{"replicas":2},"status":{"replicas":2}}
        """.Replace("DELETION", deleting ? ",\"deletionTimestamp\":\"2026-11-26T08:00:00Z\"" : "");

    [Theory]
    [InlineData("live object", false)]
    [InlineData("object being deleted", true)]
    public void Projection_KeepsIdentityOwnersFinalizersAndDeletionState_DropsTheRest(string label, bool deleting)
    {
        _ = label;
        var obj = JsonNode.Parse(Json(deleting))!.AsObject();

        var projected = JsonSerializer.Deserialize<JsonObject>(Encoding.UTF8.GetBytes(Json(deleting)), GraphMetadata.Projection.ReaderOptions)!;

        Assert.Equal(["apiVersion", "kind", "metadata"], projected.Select(p => p.Key));
        var expectedKeys = new List<string> { "name", "namespace", "uid", "resourceVersion", "ownerReferences", "finalizers" };
        if (deleting) expectedKeys.Add("deletionTimestamp");
        Assert.Equal(expectedKeys, projected["metadata"]!.AsObject().Select(p => p.Key));
        Assert.Equal(ObjectIdentity.Of(obj), ObjectIdentity.Of(projected));
        Assert.Equal(OwnerReference.Of(obj), OwnerReference.Of(projected));
        Assert.Equal(Wharf.Client.Meta.ObjectMeta.IsBeingDeleted(obj), Wharf.Client.Meta.ObjectMeta.IsBeingDeleted(projected));
        Assert.Equal(Wharf.Client.Meta.ObjectMeta.Finalizers(obj), Wharf.Client.Meta.ObjectMeta.Finalizers(projected));
    }
}
