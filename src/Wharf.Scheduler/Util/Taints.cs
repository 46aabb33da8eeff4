using k8s.Models;

namespace Wharf.Scheduler.Util;

/// <summary>Toleration matching with upstream's rules (empty key + Exists tolerates everything; empty effect matches all effects).</summary>
public static class Taints
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    public static bool Tolerates(V1Toleration t, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(t.Effect) && t.Effect != taint.Effect) return false;
        if (!string.IsNullOrEmpty(t.Key) && t.Key != taint.Key) return false;
        return t.OperatorProperty switch
        {
            "Exists" => true,
            null or "" or "Equal" => (t.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

    public static bool IsTolerated(V1Taint taint, IEnumerable<V1Toleration>? tolerations)
    {
        foreach (var t in tolerations ?? [])
            if (Tolerates(t, taint)) return true;
        return false;
    }

    /// <summary>First taint with one of the given effects that no toleration covers, or null.</summary>
    public static V1Taint? FirstUntolerated(IEnumerable<V1Taint>? taints, IEnumerable<V1Toleration>? tolerations, params string[] effects)
    {
        foreach (var taint in taints ?? [])
            if (effects.Contains(taint.Effect) && !IsTolerated(taint, tolerations)) return taint;
        return null;
    }
}
