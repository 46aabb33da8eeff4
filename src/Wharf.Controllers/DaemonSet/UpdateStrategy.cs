using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Controllers.Deployment;

namespace Wharf.Controllers.DaemonSet;

/// <summary>A DaemonSet's updateStrategy read with upstream's rules (<c>SurgeCount</c>, <c>UnavailableCount</c>, <c>AllowsSurge</c>).</summary>
public static class UpdateStrategy
{
    public const string RollingUpdate = "RollingUpdate";
    public const string OnDelete = "OnDelete";

    public static bool IsRollingUpdate(JsonObject ds) => (ds["spec"]?["updateStrategy"]?["type"].Str() ?? RollingUpdate) == RollingUpdate;

    /// <summary>maxSurge of <paramref name="desired"/> nodes, rounded up; 0 unless rolling and set.</summary>
    public static int Surge(JsonObject ds, int desired) => Scaled(ds, "maxSurge", desired);

    /// <summary>maxUnavailable of <paramref name="desired"/> nodes, rounded up; 0 unless rolling and set.</summary>
    public static int Unavailable(JsonObject ds, int desired) => Scaled(ds, "maxUnavailable", desired);

    /// <summary>Whether pods are replaced by surging (a new pod starts before the old one goes).</summary>
    public static bool AllowsSurge(JsonObject ds) => Surge(ds, 1) > 0;

    /// <summary>
    /// Both limits for a rollout over <paramref name="desired"/> nodes; when both come out zero the rollout could
    /// never move, so one unavailable pod is allowed, as upstream does.
    /// </summary>
    public static (int Surge, int Unavailable) Limits(JsonObject ds, int desired)
    {
        var surge = Surge(ds, desired);
        var unavailable = Unavailable(ds, desired);
        if (desired > 0 && surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, unavailable);
    }

    private static int Scaled(JsonObject ds, string field, int desired)
    {
        if (!IsRollingUpdate(ds)) return 0;
        if (ds["spec"]?["updateStrategy"]?["rollingUpdate"]?[field] is not JsonValue value) return 0;
        IntOrString intOrString = JsonNumbers.Long(value) is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : value.Str() ?? "0";
        return RolloutMath.Scaled(intOrString, desired, roundUp: true);
    }
}
