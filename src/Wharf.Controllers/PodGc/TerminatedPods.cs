using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.PodGc;

/// <summary>Which finished pods go when there are more than the threshold (upstream's gcTerminated ordering).</summary>
public static class TerminatedPods
{
    public static bool IsTerminated(JsonObject pod) => pod["status"]?["phase"].Str() is "Succeeded" or "Failed";

    /// <summary>
    /// The terminated pods beyond <paramref name="threshold"/>, in deletion order: evicted pods first, then oldest
    /// created, then by name. Nothing when the threshold is not positive.
    /// </summary>
    public static IReadOnlyList<JsonObject> OverThreshold(IEnumerable<JsonObject> pods, int threshold)
    {
        if (threshold <= 0) return [];
        var terminated = pods.Where(IsTerminated).ToList();
        if (terminated.Count <= threshold) return [];
        return terminated
            .OrderBy(p => p["status"]?["reason"].Str() == "Evicted" ? 0 : 1)
            .ThenBy(p => JsonHelpers.ParseTime(p["metadata"]?["creationTimestamp"].Str()) ?? DateTimeOffset.MinValue)
            .ThenBy(p => ObjectMeta.Namespace(p) + "/" + ObjectMeta.Name(p), StringComparer.Ordinal)
            .Take(terminated.Count - threshold)
            .ToList();
    }
}
