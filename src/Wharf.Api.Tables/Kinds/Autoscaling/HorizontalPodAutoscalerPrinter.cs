using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Autoscaling;

/// <summary><c>kubectl get hpa</c>: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.</summary>
internal sealed class HorizontalPodAutoscalerPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Reference", Docs.HpaSpecScaleTargetRef),
        Col.Str("Targets", Docs.HpaSpecMetrics),
        Col.Str("MinPods", Docs.HpaSpecMinReplicas),
        Col.Str("MaxPods", Docs.HpaSpecMaxReplicas),
        Col.Str("Replicas", Docs.HpaStatusCurrentReplicas),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(obj.Str("spec", "scaleTargetRef", "kind") + "/" + obj.Str("spec", "scaleTargetRef", "name")),
        Cell.Str(HpaMetrics.Format(obj)),
        // Defaulting sets minReplicas 1 in every version, so "<unset>" never shows upstream.
        Cell.Str((obj.LongOrNull("spec", "minReplicas") ?? 1).ToString(CultureInfo.InvariantCulture)),
        Cell.Int(obj.Long("spec", "maxReplicas")),
        Cell.Int(obj.Long("status", "currentReplicas")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
