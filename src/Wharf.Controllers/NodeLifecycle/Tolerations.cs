using System.Text.Json.Nodes;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>Upstream's toleration matching (v1helper.ToleratesTaint) and how long a pod may stay on NoExecute taints.</summary>
public static class Tolerations
{
    /// <summary>An empty effect or key in the toleration matches any; Exists ignores the value, Equal (or none) compares it.</summary>
    public static bool Tolerates(JsonObject toleration, JsonObject taint)
    {
        var effect = toleration["effect"].Str();
        if (!string.IsNullOrEmpty(effect) && effect != taint["effect"].Str()) return false;
        var key = toleration["key"].Str();
        if (!string.IsNullOrEmpty(key) && key != taint["key"].Str()) return false;
        return toleration["operator"].Str() switch
        {
            null or "" or "Equal" => (toleration["value"].Str() ?? "") == (taint["value"].Str() ?? ""),
            "Exists" => true,
            _ => false,
        };
    }

    public static IReadOnlyList<JsonObject> Of(JsonObject pod) =>
        pod["spec"]?["tolerations"] is JsonArray list ? list.OfType<JsonObject>().ToList() : [];

    /// <summary>
    /// How long the pod tolerates all of <paramref name="taints"/>: null when some taint is not tolerated (evict now),
    /// <see cref="Timeout.InfiniteTimeSpan"/> when none of the matching tolerations has tolerationSeconds, else the
    /// smallest of them (negative counts as zero), as upstream's getMinTolerationTime over the first match per taint.
    /// </summary>
    public static TimeSpan? TimeToleratedOn(JsonObject pod, IReadOnlyList<JsonObject> taints)
    {
        var tolerations = Of(pod);
        TimeSpan? min = null;
        foreach (var taint in taints)
        {
            var match = tolerations.FirstOrDefault(t => Tolerates(t, taint));
            if (match is null) return null;
            if (match["tolerationSeconds"] is not JsonValue v || !v.TryGetValue<long>(out var seconds)) continue;
            var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
            if (min is null || span < min) min = span;
        }
        return min ?? Timeout.InfiniteTimeSpan;
    }
}
