using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// Upstream's VolumeBinding: bound claims need a PV whose node affinity admits the node, unbound Immediate claims make
/// the pod wait for the PV controller, WaitForFirstConsumer claims get a matching PV or dynamic provisioning on the
/// chosen node; Reserve assumes that choice and PreBind writes it and waits for the bindings. Scoring stays off.
/// </summary>
internal sealed class VolumeBindingPlugin(VolumeBinder binder) : IPreFilterPlugin, IFilterPlugin, IReservePlugin, IPreBindPlugin, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReasonUnboundImmediate = "pod has unbound immediate PersistentVolumeClaims";
    private static readonly StateKey<VolumeBindingState> s_key = new(PluginNames.VolumeBinding);

    public string Name => PluginNames.VolumeBinding;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.Volumes, Signers.Volumes(pod));
        return true;
    }

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        if (binder.CheckClaimsUsable(pod) is { } unusable) return Status.Unresolvable(unusable);
        if (!VolumeBinder.ClaimsOf(pod).Any())
        {
            state.Write(s_key, new VolumeBindingState(null) { AllBound = true });
            return Status.SkipStatus;
        }
        PodVolumeClaims claims;
        try
        {
            claims = binder.GetPodVolumeClaims(pod);
        }
        catch (VolumeBindingException e)
        {
            return Status.FromError(e);
        }
        // The PV controller binds these; the claim's update event brings the pod back.
        if (claims.UnboundImmediate.Count > 0) return Status.Unresolvable(ErrReasonUnboundImmediate);
        // Bound claims on hostname-pinned local volumes narrow the nodes worth filtering at all.
        if (binder.EligibleNodes(claims.Bound) is { } eligible) result = new PreFilterResult(eligible);
        state.Write(s_key, new VolumeBindingState(claims));
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        if (state.TryRead(s_key) is not { Claims: { } claims } s) return Status.Success;
        if (nodeInfo.Node is not { } node) return Status.FromError("node not found");
        try
        {
            var (volumes, reasons) = binder.FindPodVolumes(pod, claims, node);
            if (reasons.Count > 0) return Status.Unresolvable([.. reasons]);
            s.ByNode[nodeInfo.Name] = volumes;
            return Status.Success;
        }
        catch (VolumeBindingException e)
        {
            return Status.FromError(e);
        }
    }

    public Status Reserve(CycleState state, V1Pod pod, string nodeName)
    {
        if (state.TryRead(s_key) is not { } s) return Status.FromError($"error reading \"{s_key.Name}\" from cycleState: not found");
        if (!s.ByNode.TryGetValue(nodeName, out var volumes))
        {
            // No claims for this pod.
            s.AllBound = true;
            return Status.Success;
        }
        try
        {
            s.AllBound = binder.AssumePodVolumes(pod, nodeName, volumes);
            return Status.Success;
        }
        catch (VolumeBindingException e)
        {
            return Status.FromError(e);
        }
    }

    public void Unreserve(CycleState state, V1Pod pod, string nodeName)
    {
        if (state.TryRead(s_key) is { } s && s.ByNode.TryGetValue(nodeName, out var volumes)) binder.RevertAssumedPodVolumes(volumes);
    }

    public async ValueTask<Status> PreBindAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken ct)
    {
        if (state.TryRead(s_key) is not { } s) return Status.FromError($"error reading \"{s_key.Name}\" from cycleState: not found");
        if (s.AllBound) return Status.Success;
        if (!s.ByNode.TryGetValue(nodeName, out var volumes)) return Status.FromError($"no pod volumes found for node \"{nodeName}\"");
        try
        {
            await binder.BindPodVolumesAsync(pod, volumes, ct).ConfigureAwait(false);
            return Status.Success;
        }
        catch (VolumeBindingException e)
        {
            return Status.FromError(e);
        }
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.StorageClass, ActionType.Add | ActionType.Update),
        new(EventResource.PersistentVolumeClaim, ActionType.Add | ActionType.Update),
        new(EventResource.PersistentVolume, ActionType.Add | ActionType.Update),
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
        new(EventResource.CSINode, ActionType.Add | ActionType.Update),
        new(EventResource.CSIDriver, ActionType.Update),
        new(EventResource.CSIStorageCapacity, ActionType.Add | ActionType.Update),
    ];
}
