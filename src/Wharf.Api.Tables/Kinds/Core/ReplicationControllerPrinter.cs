using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary><c>kubectl get rc</c>: NAME DESIRED CURRENT READY AGE [CONTAINERS IMAGES SELECTOR].</summary>
internal sealed class ReplicationControllerPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Int("Desired", Docs.RcSpecReplicas),
        Col.Int("Current", Docs.RcStatusReplicas),
        Col.Int("Ready", Docs.RcStatusReadyReplicas),
        Col.Age(),
        .. Col.ContainersAndImages(),
        Col.WideStr("Selector", Docs.RcSpecSelector),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = Containers.Layout(obj.At("spec", "template", "spec"));
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Int(Defaults.Replicas(obj)),
            Cell.Int(obj.Long("status", "replicas")),
            Cell.Int(obj.Long("status", "readyReplicas")),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(names),
            Cell.Str(images),
            Cell.Str(Labels.FormatMap(obj, "spec", "selector")),
        ];
    }
}
