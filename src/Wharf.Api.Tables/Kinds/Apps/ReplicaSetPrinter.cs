using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Apps;

/// <summary>
/// <c>kubectl get rs</c> and <c>kubectl get rc</c>: NAME DESIRED CURRENT READY AGE [CONTAINERS IMAGES SELECTOR].
/// Upstream prints both kinds alike; they differ only in the column descriptions and in the selector's shape
/// (a LabelSelector for ReplicaSets, a plain map for ReplicationControllers).
/// </summary>
internal sealed class ReplicaSetPrinter : ITableConvertor
{
    private readonly TableColumn[] _columns;
    private readonly bool _mapSelector;

    private ReplicaSetPrinter(string desired, string current, string ready, string selector, bool mapSelector)
    {
        _columns =
        [
            Col.Name(),
            Col.Int("Desired", desired),
            Col.Int("Current", current),
            Col.Int("Ready", ready),
            Col.Age(),
            .. Col.ContainersAndImages(),
            Col.WideStr("Selector", selector),
        ];
        _mapSelector = mapSelector;
    }

    public static ReplicaSetPrinter ForReplicaSets() =>
        new(Docs.RsSpecReplicas, Docs.RsStatusReplicas, Docs.RsStatusReadyReplicas, Docs.RsSpecSelector, mapSelector: false);

    public static ReplicaSetPrinter ForReplicationControllers() =>
        new(Docs.RcSpecReplicas, Docs.RcStatusReplicas, Docs.RcStatusReadyReplicas, Docs.RcSpecSelector, mapSelector: true);

    public IReadOnlyList<TableColumn> Columns => _columns;

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
            Cell.Str(_mapSelector ? Labels.FormatMap(obj, "spec", "selector") : Labels.FormatSelector(obj.At("spec", "selector"))),
        ];
    }
}
