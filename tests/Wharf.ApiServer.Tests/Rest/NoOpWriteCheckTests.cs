using System.Text.Json.Nodes;
using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.Tests.Rest;

/// <summary>The no-op check must answer exactly as a whole-object DeepEquals does, only in another order.</summary>
public sealed class NoOpWriteCheckTests
{
    private const string Stored = """
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"p","namespace":"n","uid":"u","resourceVersion":"7","labels":{"a":"1"},
                     "managedFields":[{"manager":"m","operation":"Update","apiVersion":"v1","time":"2026-11-27T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:nodeName":{}}}}]},
         "spec":{"nodeName":"x","containers":[{"name":"c","image":"i"}]},
         "status":{"phase":"Running"}}
        """;

    public static TheoryData<string, string> Updates => new()
    {
        { "the same object", Stored },
        { "members in another order", """
            {"kind":"Pod","apiVersion":"v1","status":{"phase":"Running"},"spec":{"containers":[{"image":"i","name":"c"}],"nodeName":"x"},
             "metadata":{"managedFields":[{"manager":"m","operation":"Update","apiVersion":"v1","time":"2026-11-27T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:nodeName":{}}}}],
                         "labels":{"a":"1"},"resourceVersion":"7","uid":"u","namespace":"n","name":"p"}}
            """ },
        { "status changed", Stored.Replace("\"Running\"", "\"Succeeded\"") },
        { "only the managedFields time changed", Stored.Replace("10:00:00Z", "10:00:01Z") },
        { "managedFields gone", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"n","uid":"u","resourceVersion":"7","labels":{"a":"1"}},"spec":{"nodeName":"x","containers":[{"name":"c","image":"i"}]},"status":{"phase":"Running"}}""" },
        { "a label changed", Stored.Replace("\"a\":\"1\"", "\"a\":\"2\"") },
        { "a member added", Stored.Replace("\"status\":{", "\"extra\":1,\"status\":{") },
        { "the spec changed", Stored.Replace("\"image\":\"i\"", "\"image\":\"j\"") },
        { "status gone, another member in its place", Stored.Replace("\"status\":{\"phase\":\"Running\"}", "\"extra\":{\"phase\":\"Running\"}") },
        { "status null", Stored.Replace("\"status\":{\"phase\":\"Running\"}", "\"status\":null") },
        { "metadata not an object", """{"apiVersion":"v1","kind":"Pod","metadata":[1],"spec":{"nodeName":"x","containers":[{"name":"c","image":"i"}]},"status":{"phase":"Running"}}""" },
    };

    [Theory]
    [MemberData(nameof(Updates))]
    public void Unchanged_AnswersAsWholeObjectDeepEquals(string why, string update)
    {
        var stored = JsonNode.Parse(Stored)!.AsObject();
        var updated = JsonNode.Parse(update)!.AsObject();

        Assert.True(JsonNode.DeepEquals(updated, stored) == NoOpWriteCheck.Unchanged(updated, stored), why);
        Assert.True(JsonNode.DeepEquals(stored, updated) == NoOpWriteCheck.Unchanged(stored, updated), why);
    }

    [Fact]
    public void OnlyTheSameObject_AndOneInAnotherOrder_AreNoOps()
    {
        var stored = JsonNode.Parse(Stored)!.AsObject();
        var unchanged = Updates.Where(row => NoOpWriteCheck.Unchanged(JsonNode.Parse((string)row[1])!.AsObject(), stored)).Select(row => (string)row[0]);

        Assert.Equal(["the same object", "members in another order"], unchanged);
    }
}
