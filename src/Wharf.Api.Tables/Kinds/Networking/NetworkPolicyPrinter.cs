using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Networking;

/// <summary><c>kubectl get netpol</c>: NAME POD-SELECTOR AGE.</summary>
internal sealed class NetworkPolicyPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
        [Col.Name(), Col.Str("Pod-Selector", Docs.NetworkPolicySpecPodSelector), Col.Age()];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    // podSelector is a value (not a pointer) upstream, so an absent one is the empty selector.
    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(Labels.FormatSelector(obj.At("spec", "podSelector") ?? new JsonObject())),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
