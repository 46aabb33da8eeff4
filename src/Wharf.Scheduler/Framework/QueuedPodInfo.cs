namespace Wharf.Scheduler.Framework;

/// <summary>A pod in the scheduling queue with its attempt history.</summary>
public sealed class QueuedPodInfo(PodInfo podInfo, DateTimeOffset timestamp)
{
    public PodInfo PodInfo { get; set; } = podInfo;

    /// <summary>Last time the pod entered the queue (activeQ tie-break and backoff start).</summary>
    public DateTimeOffset Timestamp { get; set; } = timestamp;

    public DateTimeOffset InitialAttemptTimestamp { get; set; } = timestamp;

    /// <summary>Times the pod was popped for a scheduling cycle (metrics; the backoff reads the two counts below).</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// Cycles that ended with plugins rejecting the pod (upstream's UnschedulableCount, v1.34): the backoff doubles
    /// with these, not with attempts that failed on an error.
    /// </summary>
    public int UnschedulableCount { get; set; }

    /// <summary>Cycles in a row that ended with an error (no rejecting plugin); reset by the next rejection.</summary>
    public int ConsecutiveErrorsCount { get; set; }

    /// <summary>Backoff expiry computed from the counts and <see cref="Timestamp"/>, cached until the pod fails again.</summary>
    public DateTimeOffset? BackoffExpiration { get; set; }

    /// <summary>Plugins that rejected the pod in its last cycle; only their registered events move it back.</summary>
    public HashSet<string> UnschedulablePlugins { get; set; } = [];

    public HashSet<string> PendingPlugins { get; set; } = [];

    /// <summary>PreEnqueue plugin that keeps the pod out of activeQ, if any.</summary>
    public string? GatingPlugin { get; set; }

    public bool Gated => GatingPlugin is not null;

    public k8s.Models.V1Pod Pod => PodInfo.Pod;

    public override string ToString() => PodInfo.ToString();
}
