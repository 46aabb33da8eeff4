using System.Text.Json.Nodes;
using Wharf.Controllers.GarbageCollector;

namespace Wharf.Controllers.Tests.GarbageCollector;

/// <summary>The collector's monitors keep only what the graph reads, and the graph reads the same from the trimmed copy.</summary>
public sealed class GraphMetadataTests
{
    private static JsonObject Object(bool deleting) => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"ReplicaSet",
         "metadata":{"name":"rs","namespace":"ns","uid":"u1","resourceVersion":"7","generation":3,
           "labels":{"app":"a"},"annotations":{"big":"xxxxxxxxxxxxxxxx"},
           "managedFields":[{"manager":"m","operation":"Update","fieldsV1":{"f:spec":{}}}],
           "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"u0","controller":true,"blockOwnerDeletion":true}],
           "finalizers":["foregroundDeletion"]
           DELETION},
         "spec":{"replicas":2},"status":{"replicas":2}}
        """.Replace("DELETION", deleting ? ",\"deletionTimestamp\":\"2026-11-26T08:00:00Z\"" : ""))!.AsObject();

    [Theory]
    [InlineData("live object", false)]
    [InlineData("object being deleted", true)]
    public void Trim_KeepsIdentityOwnersFinalizersAndDeletionState_DropsTheRest(string label, bool deleting)
    {
        _ = label;
        var obj = Object(deleting);

        var trimmed = GraphMetadata.Trim(obj);

        Assert.Equal(["apiVersion", "kind", "metadata"], trimmed.Select(p => p.Key));
        var expectedKeys = new List<string> { "name", "namespace", "uid", "resourceVersion", "ownerReferences", "finalizers" };
        if (deleting) expectedKeys.Add("deletionTimestamp");
        Assert.Equal(expectedKeys, trimmed["metadata"]!.AsObject().Select(p => p.Key));
        Assert.Equal(ObjectIdentity.Of(obj), ObjectIdentity.Of(trimmed));
        Assert.Equal(OwnerReference.Of(obj), OwnerReference.Of(trimmed));
        Assert.Equal(Wharf.Client.Meta.ObjectMeta.IsBeingDeleted(obj), Wharf.Client.Meta.ObjectMeta.IsBeingDeleted(trimmed));
        Assert.Equal(Wharf.Client.Meta.ObjectMeta.Finalizers(obj), Wharf.Client.Meta.ObjectMeta.Finalizers(trimmed));
        Assert.NotNull(obj["spec"]); // the informer's object is not changed in place
    }
}
