using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary><c>kubectl get ns</c>: NAME STATUS AGE.</summary>
internal sealed class NamespacePrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet = [Col.Name(), Col.Str("Status", "The status of the namespace"), Col.Age()];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    // The namespace registry sets phase Active on create.
    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(obj.StrOrNull("status", "phase") ?? "Active"),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
