using Wharf.Node.Cri.V1;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// What one sync pass knows of a container: its latest and previous runtime instances (CRI statuses), the restart
/// count, a waiting reason set by the agent (CrashLoopBackOff, ErrImagePull…), and readiness/startup from probes.
/// </summary>
internal sealed record ContainerObservation(
    string Name,
    string Image,
    ContainerStatus? Latest,
    ContainerStatus? Previous,
    int RestartCount,
    StartFailure? Waiting,
    bool Ready,
    bool Started);

/// <summary>The inputs of a pod status: sandbox, addresses and every container's observation.</summary>
internal sealed record PodObservation(
    bool SandboxReady,
    string PodIp,
    string HostIp,
    IReadOnlyList<ContainerObservation> InitContainers,
    IReadOnlyList<ContainerObservation> Containers,
    DateTimeOffset StartTime,
    string QosClass)
{
    /// <summary>The pod's ephemeral (debug) containers, which neither phase nor readiness depends on.</summary>
    public IReadOnlyList<ContainerObservation> EphemeralContainers { get; init; } = [];
}
