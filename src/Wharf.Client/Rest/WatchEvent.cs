using System.Text.Json.Nodes;

namespace Wharf.Client.Rest;

/// <summary>
/// One event of a watch stream. For <see cref="WatchEventType.Error"/> the object is a Status
/// (see <see cref="ApiException.FromStatus"/>); for bookmarks only metadata.resourceVersion is meaningful.
/// </summary>
public sealed record WatchEvent(WatchEventType Type, JsonObject Object)
{
    internal static WatchEvent Parse(string line) => Parse(JsonNode.Parse(line));

    internal static WatchEvent Parse(ReadOnlySpan<byte> line) => Parse(JsonNode.Parse(line));

    internal static WatchEventType TypeOf(string? type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        "DELETED" => WatchEventType.Deleted,
        "BOOKMARK" => WatchEventType.Bookmark,
        "ERROR" => WatchEventType.Error,
        var other => throw new FormatException($"unknown watch event type \"{other}\""),
    };

    private static WatchEvent Parse(JsonNode? parsed)
    {
        var node = parsed as JsonObject ?? throw new FormatException("watch event is not a JSON object");
        var type = TypeOf(node["type"]?.GetValue<string>());
        var obj = node["object"] as JsonObject ?? throw new FormatException("watch event has no object");
        node.Remove("object");
        return new WatchEvent(type, obj);
    }
}
