using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary><c>kubectl get cm</c>: NAME DATA AGE (DATA counts data and binaryData keys).</summary>
internal sealed class ConfigMapPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet = [Col.Name(), Col.Str("Data", Docs.ConfigMapData), Col.Age()];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Int(obj.Count("data") + obj.Count("binaryData")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
