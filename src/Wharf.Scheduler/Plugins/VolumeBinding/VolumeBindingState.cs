using System.Collections.Concurrent;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// VolumeBinding's cycle state: the pod's claims from PreFilter and, per feasible node, the volumes Filter found.
/// Shared (not copied) by preemption's state copies, as upstream: Filter only adds entries keyed by node.
/// </summary>
internal sealed class VolumeBindingState(PodVolumeClaims? claims) : IStateData
{
    public PodVolumeClaims? Claims { get; } = claims;

    public ConcurrentDictionary<string, PodVolumes> ByNode { get; } = new(StringComparer.Ordinal);

    /// <summary>Set by Reserve: nothing left to bind, so PreBind has nothing to do.</summary>
    public bool AllBound { get; set; }
}
