using System.Text.Json.Nodes;

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
    public JsonObject ToJson() => Build(FieldsV1?.DeepClone());

    /// <summary>
    /// <see cref="ToJson"/> for an entry whose FieldsV1 was just encoded for it: that object itself goes into the
    /// entry (a node can have one parent only, so one already placed elsewhere is still copied).
    /// </summary>
    internal JsonObject ToJsonAdopting() => Build(FieldsV1 is { Parent: null } fields ? fields : FieldsV1?.DeepClone());

    private JsonObject Build(JsonNode? fields)
    {
        var obj = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
        };
        if (Time is not null)
        {
            obj["time"] = Time;
        }

        obj["fieldsType"] = FieldsType;
        if (fields is not null)
        {
            obj["fieldsV1"] = fields;
        }

        if (!string.IsNullOrEmpty(Subresource))
        {
            obj["subresource"] = Subresource;
        }

        return obj;
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
