using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary><c>kubectl get podtemplates</c>: NAME CONTAINERS IMAGES POD LABELS (no age column upstream).</summary>
internal sealed class PodTemplatePrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Containers", "Names of each container in the template."),
        Col.Str("Images", "Images referenced by each container in the template."),
        Col.Str("Pod Labels", "The labels for the pod template."),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = Containers.Layout(obj.At("template", "spec"));
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(names),
            Cell.Str(images),
            Cell.Str(Labels.FormatMap(obj, "template", "metadata", "labels")),
        ];
    }
}
