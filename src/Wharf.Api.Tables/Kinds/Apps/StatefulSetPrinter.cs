using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Apps;

/// <summary><c>kubectl get sts</c>: NAME READY AGE [CONTAINERS IMAGES].</summary>
internal sealed class StatefulSetPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Ready", "Number of the pod with ready state"),
        Col.Age(),
        .. Col.ContainersAndImages(),
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
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(names),
            Cell.Str(images),
        ];
    }
}
