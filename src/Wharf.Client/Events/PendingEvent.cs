using System.Text.Json.Nodes;

namespace Wharf.Client.Events;

/// <summary>
/// An Event waiting in <see cref="EventRecorder"/>'s queue: what it says, and the reference to its object built once
/// from the object's strings (the reference goes into the written Event as it is, so nothing is cloned twice).
/// </summary>
internal sealed record PendingEvent(string Type, string Reason, string Message, JsonObject Reference)
{
    public static PendingEvent Of(JsonObject involved, string type, string reason, string message)
    {
        var meta = involved["metadata"];
        var reference = new JsonObject
        {
            ["kind"] = Copy(involved["kind"]),
            ["namespace"] = Copy(meta?["namespace"]),
            ["name"] = Copy(meta?["name"]),
            ["uid"] = Copy(meta?["uid"]),
            ["apiVersion"] = Copy(involved["apiVersion"]),
            ["resourceVersion"] = Copy(meta?["resourceVersion"]),
        };
        return new PendingEvent(type, reason, message, reference);
    }

    public string? Uid => Reference["uid"]?.ToString();

    public string? Namespace => Reference["namespace"]?.ToString();

    public string? Name => Reference["name"]?.ToString();

    // A string is read once into a fresh value (these fields are strings); anything else is cloned as before.
    private static JsonNode? Copy(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? JsonValue.Create(text) : node?.DeepClone();
}
