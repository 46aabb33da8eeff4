using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tables;

/// <summary>
/// Builds <c>meta.k8s.io</c> Tables from objects. <c>includeObject</c> decides what each row carries:
/// PartialObjectMetadata by default, the whole object, or nothing.
/// </summary>
public sealed class TableBuilder(ITableColumns columns, TimeProvider time)
{
    public JsonObject Build(ResourceKind kind, IEnumerable<JsonObject> objects, string tableVersion, string? includeObject,
        string? resourceVersion, string? continueToken, bool withColumns = true)
    {
        var now = time.GetUtcNow();
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            rows.Add(new JsonObject
            {
                ["cells"] = columns.Cells(kind, obj, now),
                ["object"] = RowObject(obj, tableVersion, includeObject),
            });
        }
        var metadata = new JsonObject();
        if (resourceVersion is not null) metadata["resourceVersion"] = resourceVersion;
        if (continueToken is not null) metadata["continue"] = continueToken;
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = $"meta.k8s.io/{tableVersion}",
            ["metadata"] = metadata,
        };
        // Watches send the column definitions only in their first event.
        table["columnDefinitions"] = withColumns ? columns.ColumnDefinitions(kind) : null;
        table["rows"] = rows;
        return table;
    }

    public static void ValidateIncludeObject(string? includeObject)
    {
        if (includeObject is not (null or "" or "None" or "Metadata" or "Object"))
            throw StatusErrors.BadRequest($"unsupported includeObject: {includeObject}");
    }

    private static JsonNode? RowObject(JsonObject obj, string tableVersion, string? includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => obj.DeepClone(),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = $"meta.k8s.io/{tableVersion}",
            ["metadata"] = obj["metadata"]?.DeepClone(),
        },
    };
}
