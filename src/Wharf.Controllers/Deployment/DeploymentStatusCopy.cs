using k8s.Models;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Deployment;

/// <summary>
/// Deep copies of a Deployment status, member by member: the model a copy through its wire text
/// (<see cref="ModelJson.Copy{T}"/>) would read back, without writing and reading the text (every pass copies its
/// status at least once, and each status it writes once more). That text keeps times to the microsecond, read back as
/// UTC; a time that is not UTC leaves the copy to the text. A test holds this to every member of the models.
/// </summary>
internal static class DeploymentStatusCopy
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static V1DeploymentStatus Of(V1DeploymentStatus status)
    {
        if (status.Conditions is { } all && all.Any(c => !IsUtc(c.LastTransitionTime) || !IsUtc(c.LastUpdateTime))) return ModelJson.Copy(status);
        return new V1DeploymentStatus
        {
            AvailableReplicas = status.AvailableReplicas,
            CollisionCount = status.CollisionCount,
            Conditions = status.Conditions?.Select(Of).ToList(),
            ObservedGeneration = status.ObservedGeneration,
            ReadyReplicas = status.ReadyReplicas,
            Replicas = status.Replicas,
            TerminatingReplicas = status.TerminatingReplicas,
            UnavailableReplicas = status.UnavailableReplicas,
            UpdatedReplicas = status.UpdatedReplicas,
        };
    }

    private static V1DeploymentCondition Of(V1DeploymentCondition c) => new()
    {
        LastTransitionTime = Micros(c.LastTransitionTime),
        LastUpdateTime = Micros(c.LastUpdateTime),
        Message = c.Message,
        Reason = c.Reason,
        Status = c.Status,
        Type = c.Type,
    };

    private static bool IsUtc(DateTime? time) => time is not { } t || t.Kind == DateTimeKind.Utc;

    private static DateTime? Micros(DateTime? time) =>
        time is { } t ? new DateTime(t.Ticks - t.Ticks % TicksPerMicrosecond, DateTimeKind.Utc) : null;
}
