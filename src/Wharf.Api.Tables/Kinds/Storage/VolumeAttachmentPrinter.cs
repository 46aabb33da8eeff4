using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Storage;

/// <summary><c>kubectl get volumeattachments</c>: NAME ATTACHER PV NODE ATTACHED AGE.</summary>
internal sealed class VolumeAttachmentPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Attacher", Docs.VolumeAttachmentAttacher) with { Format = "name" },
        Col.Str("PV", Docs.VolumeAttachmentPV),
        Col.Str("Node", Docs.VolumeAttachmentNodeName),
        Col.Bool("Attached", Docs.VolumeAttachmentAttached),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(obj.Str("spec", "attacher")),
        Cell.Str(obj.Str("spec", "source", "persistentVolumeName")),
        Cell.Str(obj.Str("spec", "nodeName")),
        Cell.Bool(obj.Bool("status", "attached")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
