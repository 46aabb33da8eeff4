using k8s.Models;

namespace Wharf.Scheduler.Cluster;

/// <summary>
/// An Event about a pod: Type Normal/Warning, Reason (Scheduled, FailedScheduling, Preempted), Action (Binding,
/// Scheduling, Preempting), Note/message, reported by the profile's scheduler name.
/// </summary>
public sealed record SchedulerEvent(V1Pod Regarding, string Type, string Reason, string Action, string Message, string ReportingController, V1Pod? Related = null)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
