using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Managed.Typed;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// A create's <c>metadata.managedFields</c> (its single Update entry) written as JSON text and parsed once into a
/// node that serializes straight from that text, instead of a tree of nodes built member by member: the store
/// only writes the list out, so nothing pays for a materialized tree (see <see cref="CreatedFieldsWriter"/>).
/// </summary>
internal sealed class CreatedEntryWriter(CreatedFieldsWriter fields)
{
    /// <summary>
    /// The list for <paramref name="created"/>: null when no field is owned (<paramref name="refused"/> false) or
    /// when the object is one only the general path writes exactly (<paramref name="refused"/> true).
    /// </summary>
    public JsonArray? TryWrite(JsonObject created, FieldOwner owner, out bool refused)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteString("manager", owner.Manager);
        writer.WriteString("operation", ManagedFieldsOperation.Update);
        writer.WriteString("apiVersion", owner.ApiVersion);
        writer.WriteString("time", ManagedFieldsCodec.FormatTime(owner.Time));
        writer.WriteString("fieldsType", "FieldsV1");
        writer.WritePropertyName("fieldsV1");
        if (!fields.TryWrite(writer, created, out refused))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(owner.Subresource))
        {
            writer.WriteString("subresource", owner.Subresource);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        return (JsonArray)scratch.Parse()!;
    }
}
