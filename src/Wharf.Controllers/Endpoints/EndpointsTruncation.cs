using System.Text.Json.Nodes;

namespace Wharf.Controllers.Endpoints;

/// <summary>
/// Keeps an Endpoints object within 1000 addresses as upstream does: not-ready addresses go first; when the ready
/// ones alone are too many, each subset keeps its proportional share of them (rounded up, capped by what is left).
/// </summary>
internal static class EndpointsTruncation
{
    public const int MaxCapacity = 1000;
    public const string OverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";
    public const string Truncated = "truncated";

    /// <summary>Truncates <paramref name="subsets"/> in place; true when something was cut.</summary>
    public static bool Truncate(JsonArray subsets)
    {
        var totalReady = subsets.Sum(s => Count(s, "addresses"));
        var totalNotReady = subsets.Sum(s => Count(s, "notReadyAddresses"));
        if (totalReady + totalNotReady <= MaxCapacity) return false;

        var truncateReady = totalReady > MaxCapacity;
        var max = truncateReady ? MaxCapacity : MaxCapacity - totalReady;
        var total = truncateReady ? totalReady : totalNotReady;
        var field = truncateReady ? "addresses" : "notReadyAddresses";
        var canBeAdded = max;
        foreach (var subset in subsets.OfType<JsonObject>())
        {
            var share = (int)Math.Ceiling((double)Count(subset, field) / total * max);
            var keep = Math.Min(share, canBeAdded);
            if (subset[field] is JsonArray list)
            {
                while (list.Count > keep) list.RemoveAt(list.Count - 1);
                canBeAdded -= list.Count;
            }
            if (truncateReady) subset.Remove("notReadyAddresses");
        }
        return true;
    }

    private static int Count(JsonNode? subset, string field) => (subset?[field] as JsonArray)?.Count ?? 0;
}
