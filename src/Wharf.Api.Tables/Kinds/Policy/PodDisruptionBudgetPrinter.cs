using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Policy;

/// <summary><c>kubectl get pdb</c>: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE (<c>N/A</c> when unset).</summary>
internal sealed class PodDisruptionBudgetPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Min Available", "The minimum number of pods that must be available."),
        Col.Str("Max Unavailable", "The maximum number of pods that may be unavailable."),
        Col.Int("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(obj.IntOrString("spec", "minAvailable") ?? "N/A"),
        Cell.Str(obj.IntOrString("spec", "maxUnavailable") ?? "N/A"),
        Cell.Int(obj.Long("status", "disruptionsAllowed")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
