using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Scheduling;

/// <summary><c>kubectl get pc</c>: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY.</summary>
internal sealed class PriorityClassPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Int("Value", Docs.PriorityClassValue),
        Col.Bool("Global-Default", Docs.PriorityClassGlobalDefault),
        Col.Age(),
        Col.Str("PreemptionPolicy", Docs.PriorityClassPreemptionPolicy),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    // Defaulting sets preemptionPolicy PreemptLowerPriority.
    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Int(obj.Long("value")),
        Cell.Bool(obj.Bool("globalDefault")),
        Cell.Str(Timestamps.Age(obj, now)),
        Cell.Str(obj.StrOrNull("preemptionPolicy") ?? "PreemptLowerPriority"),
    ];
}
