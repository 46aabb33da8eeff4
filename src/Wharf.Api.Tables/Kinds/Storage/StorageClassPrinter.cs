using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Storage;

/// <summary>
/// <c>kubectl get sc</c>: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE;
/// the default class is named <c>name (default)</c>.
/// </summary>
internal sealed class StorageClassPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Provisioner", Docs.StorageClassProvisioner),
        Col.Str("ReclaimPolicy", Docs.StorageClassReclaimPolicy),
        Col.Str("VolumeBindingMode", Docs.StorageClassVolumeBindingMode),
        Col.Str("AllowVolumeExpansion", Docs.StorageClassAllowVolumeExpansion),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var name = obj.Str("metadata", "name");
        if (IsDefault(obj))
        {
            name += " (default)";
        }

        return
        [
            Cell.Str(name),
            Cell.Str(obj.Str("provisioner")),
            Cell.Str(obj.StrOrNull("reclaimPolicy") ?? "Delete"),
            Cell.Str(obj.StrOrNull("volumeBindingMode") ?? "Immediate"),
            Cell.Bool(obj.Bool("allowVolumeExpansion")),
            Cell.Str(Timestamps.Age(obj, now)),
        ];
    }

    private static bool IsDefault(JsonObject sc) =>
        sc.Str("metadata", "annotations", "storageclass.kubernetes.io/is-default-class") == "true" ||
        sc.Str("metadata", "annotations", "storageclass.beta.kubernetes.io/is-default-class") == "true";
}
