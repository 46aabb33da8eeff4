using System.Text.Json.Nodes;

namespace Wharf.Client.Events;

/// <summary>
/// The reference an Event keeps to its object (its involvedObject): plain strings, so that a caller that knows them
/// (the scheduler, from its typed pod) builds no JSON tree, and the recorder writes them straight into the Event.
/// </summary>
public sealed record InvolvedObject(string? Kind, string? Namespace, string? Name, string? Uid, string? ApiVersion, string? ResourceVersion)
{
    /// <summary>The reference to <paramref name="obj"/> (apiVersion, kind and metadata; the rest is not read).</summary>
    public static InvolvedObject From(JsonObject obj)
    {
        var meta = obj["metadata"];
        return new InvolvedObject(Text(obj["kind"]), Text(meta?["namespace"]), Text(meta?["name"]), Text(meta?["uid"]),
            Text(obj["apiVersion"]), Text(meta?["resourceVersion"]));
    }

    // These fields are strings in every Kubernetes object (the server validates them as such); anything else would be
    // written as its JSON text.
    private static string? Text(JsonNode? node) =>
        node is null ? null : node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node.ToJsonString();
}
