using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.StatefulSet;

/// <summary>Reads a StatefulSet's spec with upstream's defaults for what the server left unset.</summary>
internal static class StatefulSetSpec
{
    public const string Retain = "Retain";
    public const string Delete = "Delete";

    /// <summary>spec.ordinals.start, 0 when unset: the ordinal of the first replica.</summary>
    public static int StartOrdinal(JsonObject set) =>
        set["spec"]?["ordinals"]?["start"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;

    /// <summary>The last ordinal a replica may have (inclusive).</summary>
    public static int EndOrdinal(JsonObject set) => StartOrdinal(set) + Spec.Replicas(set) - 1;

    public static bool InRange(JsonObject set, int ordinal) => ordinal >= StartOrdinal(set) && ordinal <= EndOrdinal(set);

    public static string ServiceName(JsonObject set) => set["spec"]?["serviceName"].Str() ?? "";

    /// <summary>Parallel pod management lifts the one-at-a-time ordering ("burst" upstream).</summary>
    public static bool AllowsBurst(JsonObject set) => set["spec"]?["podManagementPolicy"].Str() == "Parallel";

    public static bool IsOnDelete(JsonObject set) => set["spec"]?["updateStrategy"]?["type"].Str() == "OnDelete";

    public static int MinReadySeconds(JsonObject set) => Spec.Int(set, "minReadySeconds", 0);

    public static int RevisionHistoryLimit(JsonObject set) => Spec.Int(set, "revisionHistoryLimit", 10);

    /// <summary>rollingUpdate.partition: replicas below it (by index from the start ordinal) keep the current revision.</summary>
    public static int Partition(JsonObject set) =>
        set["spec"]?["updateStrategy"]?["rollingUpdate"]?["partition"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;

    /// <summary>
    /// rollingUpdate.maxUnavailable scaled against the replica count (a percentage rounds down), at least 1; 1 when
    /// unset, as upstream's getStatefulSetMaxUnavailable.
    /// </summary>
    public static int MaxUnavailable(JsonObject set)
    {
        var replicas = Spec.Replicas(set);
        var value = set["spec"]?["updateStrategy"]?["rollingUpdate"]?["maxUnavailable"];
        var n = value switch
        {
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            JsonValue v when v.TryGetValue<string>(out var s) && s.EndsWith('%') &&
                             int.TryParse(s[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pct) => replicas * pct / 100,
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            _ => 1,
        };
        return Math.Max(1, n);
    }

    /// <summary>persistentVolumeClaimRetentionPolicy, each half Retain unless it says Delete.</summary>
    public static (string WhenDeleted, string WhenScaled) RetentionPolicy(JsonObject set)
    {
        var policy = set["spec"]?["persistentVolumeClaimRetentionPolicy"];
        return (policy?["whenDeleted"].Str() == Delete ? Delete : Retain, policy?["whenScaled"].Str() == Delete ? Delete : Retain);
    }

    public static IReadOnlyList<JsonObject> VolumeClaimTemplates(JsonObject set) =>
        (set["spec"]?["volumeClaimTemplates"] as JsonArray ?? []).OfType<JsonObject>().ToList();
}
