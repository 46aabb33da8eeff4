using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.JsonTrees;
using Wharf.Storage;

namespace Wharf.ApiServer.Rest;

/// <summary>
/// Turns stored bytes into API objects and back. The stored document never carries
/// <c>metadata.resourceVersion</c>: it is the store revision, filled in on every read (as upstream's etcd3 store does).
/// </summary>
public static class ObjectCodec
{
    /// <summary>
    /// An object to serve, to read in part or to copy: parsed lazily, so that what nobody reads is never built into
    /// nodes, and a copy of what nobody read shares the parsed document (a status write copies the whole object).
    /// Stored values never change, so the document reads them where they are (<see cref="LazyJson"/>) instead of
    /// copying them.
    /// </summary>
    public static JsonObject Decode(StoredObject stored) => WithRevision(LazyJson.Parse(stored.Value), stored);

    /// <summary>
    /// The object a main-resource update starts from: the update compares and tracks all of it against the new
    /// object, so it is built in one pass (<see cref="JsonTreeReader"/>, each string decoded once) instead of node by
    /// node from a document.
    /// </summary>
    public static JsonObject DecodeToCompare(StoredObject stored) => WithRevision(JsonTreeReader.Parse(stored.Value.Span), stored);

    private static JsonObject WithRevision(JsonNode? node, StoredObject stored)
    {
        var obj = node?.AsObject() ?? throw new InvalidDataException($"stored value of {stored.Key} is not an object");
        obj.Obj("metadata")["resourceVersion"] = stored.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return obj;
    }

    public static byte[] Encode(JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        var rv = meta?["resourceVersion"];
        meta?.Remove("resourceVersion");
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(obj);
        }
        finally
        {
            if (rv is not null) meta!["resourceVersion"] = rv;
        }
    }

    private static JsonObject Obj(this JsonObject parent, string key) => Registry.JsonObjectExtensions.Obj(parent, key);
}
