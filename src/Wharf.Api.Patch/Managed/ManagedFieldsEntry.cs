using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Managed;

/// <summary>One <c>metadata.managedFields</c> item (meta/v1 ManagedFieldsEntry).</summary>
public sealed record ManagedFieldsEntry(
    string Manager,
    string Operation,
    string ApiVersion,
    string? Time,
    string FieldsType,
    JsonObject? FieldsV1,
    string? Subresource)
{
    /// <summary>The JSON form, with members in upstream's order.</summary>
    public JsonObject ToJson()
    {
        using var scratch = JsonScratch.Rent();
        WriteTo(scratch.Writer);
        return (JsonObject)scratch.Parse()!;
    }

    /// <summary>
    /// Writes the JSON form; <paramref name="fields"/>, when given, is written as its fieldsV1 instead of
    /// <see cref="FieldsV1"/> (an entry whose set was recomputed is never built as a node tree).
    /// </summary>
    internal void WriteTo(Utf8JsonWriter writer, FieldSet? fields = null)
    {
        writer.WriteStartObject();
        writer.WriteString("manager", Manager);
        writer.WriteString("operation", Operation);
        writer.WriteString("apiVersion", ApiVersion);
        if (Time is not null)
        {
            writer.WriteString("time", Time);
        }

        writer.WriteString("fieldsType", FieldsType);
        if (fields is not null)
        {
            writer.WritePropertyName("fieldsV1");
            Managed.FieldsV1.Write(writer, fields);
        }
        else if (FieldsV1 is not null)
        {
            writer.WritePropertyName("fieldsV1");
            FieldsV1.WriteTo(writer);
        }

        if (!string.IsNullOrEmpty(Subresource))
        {
            writer.WriteString("subresource", Subresource);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one entry; unknown or missing members become null/empty.</summary>
    public static ManagedFieldsEntry FromJson(JsonObject obj) => new(
        Text(obj, "manager") ?? string.Empty,
        Text(obj, "operation") ?? string.Empty,
        Text(obj, "apiVersion") ?? string.Empty,
        Text(obj, "time"),
        Text(obj, "fieldsType") ?? string.Empty,
        obj["fieldsV1"] as JsonObject,
        Text(obj, "subresource"));

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
