using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Apps;

/// <summary><c>kubectl get rs</c>: NAME DESIRED CURRENT READY AGE [CONTAINERS IMAGES SELECTOR].</summary>
internal sealed class ReplicaSetPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Int("Desired", Docs.RsSpecReplicas),
        Col.Int("Current", Docs.RsStatusReplicas),
        Col.Int("Ready", Docs.RsStatusReadyReplicas),
        Col.Age(),
        .. Col.ContainersAndImages(),
        Col.WideStr("Selector", Docs.RsSpecSelector),
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
            Cell.Str(Labels.FormatSelector(obj.At("spec", "selector"))),
        ];
    }
}
