using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Coordination;

/// <summary><c>kubectl get leases</c>: NAME HOLDER AGE.</summary>
internal sealed class LeasePrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet = [Col.Name(), Col.Str("Holder", Docs.LeaseSpecHolderIdentity), Col.Age()];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(obj.Str("spec", "holderIdentity")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
