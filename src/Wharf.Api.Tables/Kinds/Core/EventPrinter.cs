using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>
/// <c>kubectl get events</c>: LAST SEEN TYPE REASON OBJECT [SUBOBJECT SOURCE] MESSAGE [FIRST SEEN COUNT NAME].
/// Serves core/v1 and events.k8s.io/v1 events (same upstream printer after conversion).
/// </summary>
internal sealed class EventPrinter(EventFields defaultFields) : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Str("Last Seen", Docs.EventLastTimestamp),
        Col.Str("Type", Docs.EventType),
        Col.Str("Reason", Docs.EventReason),
        Col.Str("Object", Docs.EventInvolvedObject),
        Col.WideStr("Subobject", Docs.ObjectReferenceFieldPath),
        Col.WideStr("Source", Docs.EventSource),
        Col.Str("Message", Docs.EventMessage),
        Col.WideStr("First Seen", Docs.EventFirstTimestamp),
        Col.WideStr("Count", Docs.EventCount),
        Col.Wide(Col.Name()),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var f = EventFields.For(obj, defaultFields);
        var first = Timestamps.Read(obj, f.FirstTimestamp) is { } ft
            ? Timestamps.Since(ft, now)
            : Timestamps.Since(obj, now, "eventTime");
        var last = Timestamps.Read(obj, f.LastTimestamp) is { } lt ? Timestamps.Since(lt, now) : first;

        var count = obj.Long(f.Count);
        if (obj.At("series") is JsonObject series)
        {
            last = Timestamps.Since(series, now, "lastObservedTime");
            count = series.Long("count");
        }
        else if (count == 0)
        {
            // Singleton events of the new API carry no count.
            count = 1;
        }

        var involved = obj.At(f.InvolvedObject);
        var kind = involved.Str("kind").ToLowerInvariant();
        var name = involved.Str("name");
        var target = name.Length > 0 ? kind + "/" + name : kind;

        return
        [
            Cell.Str(last),
            Cell.Str(obj.Str("type")),
            Cell.Str(obj.Str("reason")),
            Cell.Str(target),
            Cell.Str(involved.Str("fieldPath")),
            Cell.Str(Source(obj, f)),
            Cell.Str(obj.Str(f.Message).Trim()),
            Cell.Str(first),
            Cell.Int(count),
            Cell.Str(obj.Str("metadata", "name")),
        ];
    }

    // component (or reportingController), then ", host" (or reportingInstance) when known.
    private static string Source(JsonObject evt, EventFields f)
    {
        var component = FirstNonEmpty(evt.Str(f.Source, "component"), evt.Str(f.ReportingController));
        var instance = FirstNonEmpty(evt.Str(f.Source, "host"), evt.Str("reportingInstance"));
        return instance.Length == 0 ? component : component + ", " + instance;
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;
}
