namespace Wharf.Controllers.NodeLifecycle;

/// <summary>
/// What the controller remembers of a node between passes (upstream's nodeHealthData): when it last heard from the
/// kubelet (<see cref="ProbeTimestamp"/>, on the controller's own clock), and the Ready heartbeat and Lease renewTime
/// it heard then, so that only a change of either counts as a new sign of life.
/// </summary>
internal sealed record NodeHealth(DateTimeOffset ProbeTimestamp, string? ReadyHeartbeat, DateTimeOffset? LeaseRenewTime);
