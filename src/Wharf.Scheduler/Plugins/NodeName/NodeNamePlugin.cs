using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.NodeName;

/// <summary>A pod that names its node in spec.nodeName fits only that node.</summary>
internal sealed class NodeNamePlugin : IFilterPlugin, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReason = "node(s) didn't match the requested node name";

    public string Name => PluginNames.NodeName;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.NodeName, pod.Spec?.NodeName ?? "");
        return true;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var wanted = pod.Spec?.NodeName;
        return string.IsNullOrEmpty(wanted) || wanted == nodeInfo.Name ? Status.Success : Status.Unresolvable(ErrReason);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() => [new(EventResource.Node, ActionType.Add | ActionType.Update)];
}
