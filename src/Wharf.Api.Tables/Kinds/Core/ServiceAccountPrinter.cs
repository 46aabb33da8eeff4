using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary><c>kubectl get sa</c>: NAME SECRETS AGE.</summary>
internal sealed class ServiceAccountPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet = [Col.Name(), Col.Str("Secrets", Docs.ServiceAccountSecrets), Col.Age()];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Int(obj.Count("secrets")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
