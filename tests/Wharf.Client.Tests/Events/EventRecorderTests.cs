using System.Text.Json.Nodes;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Tests.Support;

namespace Wharf.Client.Tests.Events;

public sealed class EventRecorderTests
{
    private static JsonObject Pod(string? ns) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "p-1", ["namespace"] = ns, ["uid"] = "u-1", ["resourceVersion"] = "42", ["labels"] = new JsonObject { ["a"] = "b" } },
        ["spec"] = new JsonObject { ["nodeName"] = "n" },
    };

    [Theory]
    [InlineData("namespaced object: its namespace", "ns-a", "ns-a")]
    [InlineData("cluster-scoped object: default", null, "default")]
    public async Task Event_IsCreatedWithAReferenceToItsObject(string _, string? ns, string expectedNamespace)
    {
        var client = new FakeApiClient();
        await using var recorder = new EventRecorder(client, "tester", host: "h");
        var pod = Pod(ns);

        recorder.Event(pod, EventTypes.Normal, "Scheduled", "assigned to n");
        var (resource, createdIn, ev) = await client.Created.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(Resource.Events, resource);
        Assert.Equal(expectedNamespace, createdIn);
        var expectedReference = new JsonObject
        {
            ["kind"] = "Pod", ["namespace"] = ns, ["name"] = "p-1", ["uid"] = "u-1", ["apiVersion"] = "v1", ["resourceVersion"] = "42",
        };
        Assert.True(JsonNode.DeepEquals(expectedReference, ev["involvedObject"]), ev["involvedObject"]!.ToJsonString());
        Assert.Equal("Scheduled", (string?)ev["reason"]);
        Assert.Equal("assigned to n", (string?)ev["message"]);
        Assert.Equal("Normal", (string?)ev["type"]);
        Assert.Equal(1, (int?)ev["count"]);
        Assert.Equal("tester", (string?)ev["source"]!["component"]);
        Assert.StartsWith("p-1.", (string?)ev["metadata"]!["name"]);
        // The recorded object is untouched and shares no node with the Event.
        Assert.True(JsonNode.DeepEquals(Pod(ns), pod));
    }

    [Fact]
    public async Task Event_FromAReference_WritesTheSameEventAsFromTheObject()
    {
        var client = new FakeApiClient();
        await using var recorder = new EventRecorder(client, "tester", host: "h");

        recorder.Event(Pod("ns-a"), EventTypes.Normal, "Scheduled", "from the object");
        recorder.Event(new InvolvedObject("Pod", "ns-a", "p-1", "u-1", "v1", "42"), EventTypes.Normal, "Scheduled", "from the reference");
        var fromObject = (await client.Created.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Object;
        var fromReference = (await client.Created.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Object;

        // Everything but the generated name and the message is the same, field for field and in the same order.
        foreach (var ev in new[] { fromObject, fromReference })
        {
            ev["metadata"]!["name"] = "x";
            ev["message"] = "m";
            ev["firstTimestamp"] = "t";
            ev["lastTimestamp"] = "t";
        }
        Assert.Equal(fromObject.ToJsonString(), fromReference.ToJsonString());
        Assert.Equal(
            """{"apiVersion":"v1","kind":"Event","metadata":{"name":"x","namespace":"ns-a"},"involvedObject":{"kind":"Pod","namespace":"ns-a","name":"p-1","uid":"u-1","apiVersion":"v1","resourceVersion":"42"},"reason":"Scheduled","message":"m","type":"Normal","source":{"component":"tester","host":"h"},"firstTimestamp":"t","lastTimestamp":"t","count":1,"reportingComponent":"tester","reportingInstance":"h"}""",
            fromReference.ToJsonString());
    }

    [Fact]
    public void InvolvedObject_From_ReadsTheReferenceFields_NullWhenAbsent()
    {
        var node = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = "n-1", ["uid"] = "u" } };

        Assert.Equal(new InvolvedObject("Node", null, "n-1", "u", "v1", null), InvolvedObject.From(node));
    }

    [Fact]
    public async Task ARepeat_PatchesTheCount_ADifferentMessageCreatesAnother()
    {
        var client = new FakeApiClient();
        await using var recorder = new EventRecorder(client, "tester", host: "h");
        var pod = Pod("ns-a");

        recorder.Event(pod, EventTypes.Normal, "Pulled", "same");
        recorder.Event(pod, EventTypes.Normal, "Pulled", "same");
        recorder.Event(pod, EventTypes.Normal, "Pulled", "other");

        var first = (await client.Created.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Object;
        var (patchedIn, patchedName, patch) = await client.Patched.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var second = (await client.Created.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Object;

        Assert.Equal("ns-a", patchedIn);
        Assert.Equal((string?)first["metadata"]!["name"], patchedName);
        Assert.Equal(2, (int?)patch["count"]);
        Assert.Equal("other", (string?)second["message"]);
    }
}
