using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary><c>kubectl get secrets</c>: NAME TYPE DATA AGE.</summary>
internal sealed class SecretPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
        [Col.Name(), Col.Str("Type", Docs.SecretType), Col.Str("Data", Docs.SecretData), Col.Age()];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    // Defaulting sets type Opaque. stringData never reaches storage (merged into data on write).
    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(obj.StrOrNull("type") ?? "Opaque"),
        Cell.Int(obj.Count("data")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
