using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Meta;

namespace Wharf.Controllers.PodControl;

/// <summary>The pod predicates workload controllers count with (upstream's podutil and controller_utils filters).</summary>
public static class PodState
{
    /// <summary>Not finished and not being deleted: counts towards replicas.</summary>
    public static bool IsActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata?.DeletionTimestamp is null;

    /// <summary><see cref="IsActive(V1Pod)"/> on the cached JSON, without deserialising.</summary>
    public static bool IsActive(JsonObject pod) =>
        pod["status"]?["phase"].Str() is not ("Succeeded" or "Failed") && !ObjectMeta.IsBeingDeleted(pod);

    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary><see cref="IsReady(V1Pod)"/> on the cached JSON, without deserialising.</summary>
    public static bool IsReady(JsonObject pod) => ReadyCondition(pod)?["status"].Str() == "True";

    /// <summary><see cref="IsAvailable(V1Pod, int, DateTimeOffset)"/> on the cached JSON, without deserialising.</summary>
    public static bool IsAvailable(JsonObject pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = ReadyCondition(pod);
        if (ready?["status"].Str() != "True") return false;
        if (minReadySeconds <= 0) return true;
        return JsonHelpers.ParseTime(ready["lastTransitionTime"].Str()) is { } since && since.AddSeconds(minReadySeconds) < now;
    }

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> as of <paramref name="now"/>.</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = ReadyCondition(pod);
        if (ready?.Status != "True") return false;
        if (minReadySeconds <= 0) return true;
        return ready.LastTransitionTime is { } since && Utc(since).AddSeconds(minReadySeconds) < now;
    }

    /// <summary>When the pod last became ready, or null when it is not.</summary>
    public static DateTimeOffset? ReadySince(V1Pod pod) =>
        ReadyCondition(pod) is { Status: "True", LastTransitionTime: { } t } ? Utc(t) : null;

    /// <summary>The highest restart count of the pod's containers.</summary>
    public static int MaxRestarts(V1Pod pod) => pod.Status?.ContainerStatuses?.Select(c => c.RestartCount).DefaultIfEmpty(0).Max() ?? 0;

    private static V1PodCondition? ReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    private static JsonObject? ReadyCondition(JsonObject pod)
    {
        if (pod["status"]?["conditions"] is not JsonArray conditions) return null;
        foreach (var c in conditions)
        {
            if (c is JsonObject condition && condition["type"].Str() == "Ready") return condition;
        }
        return null;
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
