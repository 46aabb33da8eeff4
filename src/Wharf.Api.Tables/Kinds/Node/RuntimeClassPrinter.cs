using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Node;

/// <summary><c>kubectl get runtimeclass</c>: NAME HANDLER AGE.</summary>
internal sealed class RuntimeClassPrinter : ITableConvertor
{
    // Upstream looks the description up in ObjectMeta's docs, where "handler" does not exist: it is empty.
    private static readonly TableColumn[] ColumnSet = [Col.Name(), Col.Str("Handler", ""), Col.Age()];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(obj.Str("handler")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
