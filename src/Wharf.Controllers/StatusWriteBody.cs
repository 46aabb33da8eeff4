using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client.Rest;

namespace Wharf.Controllers;

/// <summary>
/// The body of a status write of a cached object: the object with <c>status</c> replaced (in its place, or last when
/// it had none), written straight from the cache's nodes. The same bytes as a deep copy with the status set would
/// write, without copying the whole object into a new tree first.
/// </summary>
internal static class StatusWriteBody
{
    private const string Status = "status";

    public static byte[] Write(JsonObject obj, JsonNode status) =>
        JsonBody.Write((obj, status), static (w, body) => WriteTo(w, body.obj, body.status));

    private static void WriteTo(Utf8JsonWriter writer, JsonObject obj, JsonNode status)
    {
        writer.WriteStartObject();
        var written = false;
        foreach (var (name, value) in obj)
        {
            writer.WritePropertyName(name);
            if (name == Status)
            {
                status.WriteTo(writer);
                written = true;
            }
            else if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        if (!written)
        {
            writer.WritePropertyName(Status);
            status.WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}
