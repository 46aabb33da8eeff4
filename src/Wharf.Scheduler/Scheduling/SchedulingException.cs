using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Scheduling;

/// <summary>A cycle ended by a non-fit status that is not a per-node rejection (plugin fault, no nodes).</summary>
public sealed class SchedulingException(Status status) : Exception(status.Message, status.Error)
{
    public Status Status { get; } = status;
}
