using System.Text.Json.Nodes;

namespace Wharf.Controllers.DaemonSet;

/// <summary>Taint and toleration matching on JSON (upstream's <c>Toleration.ToleratesTaint</c> and <c>FindMatchingUntoleratedTaint</c>).</summary>
public static class Taints
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>
    /// Whether <paramref name="toleration"/> tolerates <paramref name="taint"/>: an empty effect matches every
    /// effect, an empty key with Exists matches every key, Exists ignores the value, Equal (the default) compares it.
    /// </summary>
    public static bool Tolerates(JsonObject toleration, JsonObject taint)
    {
        var effect = toleration["effect"].Str() ?? "";
        if (effect.Length > 0 && effect != (taint["effect"].Str() ?? "")) return false;
        var key = toleration["key"].Str() ?? "";
        if (key.Length > 0 && key != (taint["key"].Str() ?? "")) return false;
        return (toleration["operator"].Str() ?? "Equal") switch
        {
            "Exists" => true,
            "" or "Equal" => (toleration["value"].Str() ?? "") == (taint["value"].Str() ?? ""),
            _ => false,
        };
    }

    /// <summary>The first taint passing <paramref name="effects"/> that no toleration tolerates, or null.</summary>
    public static JsonObject? FirstUntolerated(JsonArray? taints, JsonArray? tolerations, Func<string, bool> effects)
    {
        foreach (var taint in (taints ?? []).OfType<JsonObject>())
        {
            if (!effects(taint["effect"].Str() ?? "")) continue;
            if (!(tolerations ?? []).OfType<JsonObject>().Any(t => Tolerates(t, taint))) return taint;
        }
        return null;
    }
}
