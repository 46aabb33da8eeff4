using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Storage;

/// <summary>
/// <c>kubectl get csidrivers</c>: NAME ATTACHREQUIRED PODINFOONMOUNT STORAGECAPACITY TOKENREQUESTS
/// REQUIRESREPUBLISH MODES AGE.
/// </summary>
internal sealed class CsiDriverPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Bool("AttachRequired", Docs.CsiDriverAttachRequired),
        Col.Bool("PodInfoOnMount", Docs.CsiDriverPodInfoOnMount),
        Col.Bool("StorageCapacity", Docs.CsiDriverStorageCapacity),
        Col.Str("TokenRequests", Docs.CsiDriverTokenRequests),
        Col.Bool("RequiresRepublish", Docs.CsiDriverRequiresRepublish),
        Col.Str("Modes", Docs.CsiDriverModes),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var tokenRequests = obj.At("spec", "tokenRequests") is JsonArray requests
            ? string.Join(",", requests.Select(r => r.Str("audience")))
            : Text.Unset;
        var modes = string.Join(",", obj.Arr("spec", "volumeLifecycleModes").Select(m => m.Str()));
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Bool(obj.BoolOrNull("spec", "attachRequired") ?? true),
            Cell.Bool(obj.Bool("spec", "podInfoOnMount")),
            Cell.Bool(obj.Bool("spec", "storageCapacity")),
            Cell.Str(tokenRequests),
            Cell.Bool(obj.Bool("spec", "requiresRepublish")),
            Cell.Str(Text.OrNone(modes)),
            Cell.Str(Timestamps.Age(obj, now)),
        ];
    }
}
