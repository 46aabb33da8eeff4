using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Apps;

/// <summary>
/// <c>kubectl get ds</c>: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE [CONTAINERS IMAGES SELECTOR].
/// </summary>
internal sealed class DaemonSetPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Int("Desired", Docs.DsStatusDesired),
        Col.Int("Current", Docs.DsStatusCurrent),
        Col.Int("Ready", Docs.DsStatusReady),
        Col.Int("Up-to-date", Docs.DsStatusUpdated),
        Col.Int("Available", Docs.DsStatusAvailable),
        Col.Str("Node Selector", Docs.PodSpecNodeSelector),
        Col.Age(),
        .. Col.ContainersAndImages(),
        Col.WideStr("Selector", Docs.DsSpecSelector),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = Containers.Layout(obj.At("spec", "template", "spec"));
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Int(obj.Long("status", "desiredNumberScheduled")),
            Cell.Int(obj.Long("status", "currentNumberScheduled")),
            Cell.Int(obj.Long("status", "numberReady")),
            Cell.Int(obj.Long("status", "updatedNumberScheduled")),
            Cell.Int(obj.Long("status", "numberAvailable")),
            Cell.Str(Labels.FormatMap(obj, "spec", "template", "spec", "nodeSelector")),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(names),
            Cell.Str(images),
            Cell.Str(Labels.FormatSelector(obj.At("spec", "selector"))),
        ];
    }
}
