using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.JsonTrees;
using Wharf.Storage;

namespace Wharf.ApiServer.Rest;

/// <summary>
/// Turns stored bytes into API objects and back. The stored document never carries
/// <c>metadata.resourceVersion</c>: it is the store revision, filled in on every read (as upstream's etcd3 store does).
/// Decoded objects are built in one pass (<see cref="JsonTreeReader"/>): an update or patch starts from one and
/// reads most of it.
/// </summary>
public static class ObjectCodec
{
    public static JsonObject Decode(StoredObject stored)
    {
        var obj = JsonTreeReader.Parse(stored.Value.Span)?.AsObject() ?? throw new InvalidDataException($"stored value of {stored.Key} is not an object");
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
