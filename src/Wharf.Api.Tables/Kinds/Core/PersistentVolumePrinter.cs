using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>
/// <c>kubectl get pv</c>: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS
/// VOLUMEATTRIBUTESCLASS REASON AGE [VOLUMEMODE].
/// </summary>
internal sealed class PersistentVolumePrinter : ITableConvertor
{
    internal const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Capacity", Docs.PvSpecCapacity),
        Col.Str("Access Modes", Docs.PvSpecAccessModes),
        Col.Str("Reclaim Policy", Docs.PvSpecReclaimPolicy),
        Col.Str("Status", Docs.PvStatusPhase),
        Col.Str("Claim", Docs.PvSpecClaimRef),
        Col.Str("StorageClass", "StorageClass of the pv"),
        Col.Str("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
        Col.Str("Reason", Docs.PvStatusReason),
        Col.Age(),
        Col.WideStr("VolumeMode", Docs.PvSpecVolumeMode),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var claim = obj.At("spec", "claimRef") is JsonObject c ? c.Str("namespace") + "/" + c.Str("name") : "";
        var phase = obj.Has("metadata", "deletionTimestamp") ? "Terminating" : obj.Str("status", "phase");
        var storageClass = obj.StrOrNull("metadata", "annotations", BetaStorageClassAnnotation) ?? obj.Str("spec", "storageClassName");
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(Quantity.Read(obj, "spec", "capacity", "storage") ?? "0"),
            Cell.Str(AccessModes.Format(obj, "spec", "accessModes")),
            Cell.Str(obj.Str("spec", "persistentVolumeReclaimPolicy")),
            Cell.Str(phase),
            Cell.Str(claim),
            Cell.Str(storageClass),
            Cell.Str(obj.StrOrNull("spec", "volumeAttributesClassName") ?? Text.Unset),
            Cell.Str(obj.Str("status", "reason")),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(obj.StrOrNull("spec", "volumeMode") ?? Text.Unset),
        ];
    }
}
