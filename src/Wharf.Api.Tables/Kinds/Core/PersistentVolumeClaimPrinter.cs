using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>
/// <c>kubectl get pvc</c>: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE [VOLUMEMODE].
/// Capacity and access modes come from status and show only once bound to a volume.
/// </summary>
internal sealed class PersistentVolumeClaimPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Status", Docs.PvcStatusPhase),
        Col.Str("Volume", Docs.PvcSpecVolumeName),
        Col.Str("Capacity", Docs.PvcStatusCapacity),
        Col.Str("Access Modes", Docs.PvcStatusAccessModes),
        Col.Str("StorageClass", "StorageClass of the pvc"),
        Col.Str("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
        Col.Age(),
        Col.WideStr("VolumeMode", Docs.PvcSpecVolumeMode),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var phase = obj.Has("metadata", "deletionTimestamp") ? "Terminating" : obj.Str("status", "phase");
        var volumeName = obj.Str("spec", "volumeName");
        var capacity = "";
        var accessModes = "";
        if (volumeName.Length > 0)
        {
            accessModes = AccessModes.Format(obj, "status", "accessModes");
            capacity = Quantity.Read(obj, "status", "capacity", "storage") ?? "0";
        }

        var storageClass = obj.StrOrNull("metadata", "annotations", PersistentVolumePrinter.BetaStorageClassAnnotation)
                           ?? obj.Str("spec", "storageClassName");
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(phase),
            Cell.Str(volumeName),
            Cell.Str(capacity),
            Cell.Str(accessModes),
            Cell.Str(storageClass),
            Cell.Str(obj.StrOrNull("spec", "volumeAttributesClassName") ?? Text.Unset),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(obj.StrOrNull("spec", "volumeMode") ?? Text.Unset),
        ];
    }
}
