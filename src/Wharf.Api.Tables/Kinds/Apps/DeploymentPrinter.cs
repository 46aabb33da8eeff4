using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Apps;

/// <summary><c>kubectl get deploy</c>: NAME READY UP-TO-DATE AVAILABLE AGE [CONTAINERS IMAGES SELECTOR].</summary>
internal sealed class DeploymentPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Ready", "Number of the pod with ready state"),
        Col.Str("Up-to-date", Docs.DeployStatusUpdated),
        Col.Str("Available", Docs.DeployStatusAvailable),
        Col.Age(),
        .. Col.ContainersAndImages(),
        Col.WideStr("Selector", Docs.DeploySpecSelector),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = Containers.Layout(obj.At("spec", "template", "spec"));
        var ready = obj.Long("status", "readyReplicas");
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(string.Create(CultureInfo.InvariantCulture, $"{ready}/{Defaults.Replicas(obj)}")),
            Cell.Int(obj.Long("status", "updatedReplicas")),
            Cell.Int(obj.Long("status", "availableReplicas")),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(names),
            Cell.Str(images),
            Cell.Str(Labels.SelectorString(obj.At("spec", "selector")) ?? "<invalid>"),
        ];
    }
}
