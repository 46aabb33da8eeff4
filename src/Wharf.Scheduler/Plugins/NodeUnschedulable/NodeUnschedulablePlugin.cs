using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.NodeUnschedulable;

/// <summary>Cordoned nodes (spec.unschedulable) only take pods tolerating node.kubernetes.io/unschedulable:NoSchedule.</summary>
internal sealed class NodeUnschedulablePlugin : IFilterPlugin, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReasonUnschedulable = "node(s) were unschedulable";
    public const string ErrReasonUnknownCondition = "node(s) had unknown conditions";
    private static readonly V1Taint s_unschedulableTaint = new() { Key = "node.kubernetes.io/unschedulable", Effect = Taints.NoSchedule };

    public string Name => PluginNames.NodeUnschedulable;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.Tolerations, Signers.Tolerations(pod));
        return true;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        if (nodeInfo.Node is null) return Status.Unresolvable(ErrReasonUnknownCondition);
        // The flag copied into the NodeInfo: the node object is not touched for the nodes that are not cordoned.
        if (!nodeInfo.Unschedulable) return Status.Success;
        return Taints.IsTolerated(s_unschedulableTaint, pod.Spec?.Tolerations) ? Status.Success : Status.Unresolvable(ErrReasonUnschedulable);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint), new(EventResource.Pod, ActionType.UpdatePodTolerations)];
}
