using System.Text.Json.Nodes;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>
/// Where an Event's printed fields live: core/v1 names, or the events.k8s.io/v1 names that the
/// upstream conversion maps onto the same internal event (regarding, note, deprecated*).
/// </summary>
internal sealed record EventFields(
    string InvolvedObject,
    string Message,
    string Source,
    string FirstTimestamp,
    string LastTimestamp,
    string Count,
    string ReportingController)
{
    public static readonly EventFields CoreV1 = new("involvedObject", "message", "source", "firstTimestamp", "lastTimestamp", "count", "reportingComponent");

    public static readonly EventFields EventsV1 = new("regarding", "note", "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount", "reportingController");

    /// <summary>Picks the shape from <c>apiVersion</c>, falling back to which fields are present.</summary>
    public static EventFields For(JsonObject evt, EventFields fallback)
    {
        var apiVersion = evt["apiVersion"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? evt["apiVersion"]!.GetValue<string>()
            : "";
        if (apiVersion.StartsWith("events.k8s.io/", StringComparison.Ordinal))
        {
            return EventsV1;
        }

        return apiVersion == "v1" ? CoreV1 : fallback;
    }
}
