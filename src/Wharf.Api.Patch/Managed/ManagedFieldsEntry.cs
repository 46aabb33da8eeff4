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
    public JsonObject ToJson()
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
        if (FieldsV1 is not null)
        {
            obj["fieldsV1"] = FieldsV1.DeepClone();
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
