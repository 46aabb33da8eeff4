using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Storage;

/// <summary><c>kubectl get csinodes</c>: NAME DRIVERS AGE.</summary>
internal sealed class CsiNodePrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
        [Col.Name(), Col.Int("Drivers", "Drivers indicates the number of CSI drivers registered on the node"), Col.Age()];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Int(obj.Count("spec", "drivers")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
