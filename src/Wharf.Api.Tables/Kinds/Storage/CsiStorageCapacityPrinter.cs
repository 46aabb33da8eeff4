using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Storage;

/// <summary><c>kubectl get csistoragecapacities</c>: NAME STORAGECLASSNAME CAPACITY (no age column upstream).</summary>
internal sealed class CsiStorageCapacityPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("StorageClassName", Docs.CsiStorageCapacityClassName),
        Col.Str("Capacity", Docs.CsiStorageCapacityCapacity),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(obj.Str("storageClassName")),
        Cell.Str(Quantity.Read(obj, "capacity") ?? Text.Unset),
    ];
}
