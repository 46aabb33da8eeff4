using System.Text.Json.Nodes;

namespace Wharf.Client.Meta;

/// <summary>
/// The metadata-only form of objects (meta.k8s.io/v1 PartialObjectMetadata and PartialObjectMetadataList) that a
/// server sends when asked with <see cref="ListAccept"/> / <see cref="WatchAccept"/>, as client-go's metadata client
/// asks: plain JSON stays acceptable, so a server that cannot project answers whole objects.
/// </summary>
public static class PartialObjectMetadata
{
    public const string ApiVersion = "meta.k8s.io/v1";
    public const string Kind = "PartialObjectMetadata";
    public const string ListKind = "PartialObjectMetadataList";
    public const string ListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json";
    public const string WatchAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json";

    /// <summary>The projection of a whole object, as the server makes it (a new tree; <paramref name="obj"/> is not changed).</summary>
    public static JsonObject From(JsonObject obj) => new()
    {
        ["kind"] = Kind,
        ["apiVersion"] = ApiVersion,
        ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
    };

    /// <summary>The projection of a whole list: every item projected, the list metadata kept.</summary>
    public static JsonObject FromList(JsonObject list) => new()
    {
        ["kind"] = ListKind,
        ["apiVersion"] = ApiVersion,
        ["metadata"] = list["metadata"]?.DeepClone() ?? new JsonObject(),
        ["items"] = new JsonArray((list["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i => (JsonNode)From(i)).ToArray()),
    };
}
