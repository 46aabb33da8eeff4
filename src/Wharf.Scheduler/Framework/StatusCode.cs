namespace Wharf.Scheduler.Framework;

/// <summary>Outcome of a plugin call, with upstream's meanings: rejections are not faults.</summary>
public enum StatusCode
{
    Success,
    /// <summary>An internal fault; the pod is retried with backoff.</summary>
    Error,
    /// <summary>Does not fit now; preemption may help.</summary>
    Unschedulable,
    /// <summary>Does not fit and preemption on this node cannot help.</summary>
    UnschedulableAndUnresolvable,
    /// <summary>Permit asks the binding cycle to wait.</summary>
    Wait,
    /// <summary>The plugin has nothing to do for this pod; later calls of it are skipped.</summary>
    Skip,
    /// <summary>The pod waits for something outside the scheduler.</summary>
    Pending,
}
