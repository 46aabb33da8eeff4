using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.NodePorts;

/// <summary>Host ports (ip, protocol, port) the pod asks for must be free on the node.</summary>
internal sealed class NodePortsPlugin : IPreFilterPlugin, IFilterPlugin, IEnqueueExtensions, ISignPlugin
{
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";
    private static readonly StateKey<PortsState> s_key = new("PreFilter" + PluginNames.NodePorts);

    public string Name => PluginNames.NodePorts;

    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.HostPorts, Signers.HostPorts(pod));
        return true;
    }

    public Status PreFilter(CycleState state, V1Pod pod, IReadOnlyList<NodeInfo> nodes, out PreFilterResult? result)
    {
        result = null;
        var ports = HostPortInfo.Of(pod).ToList();
        if (ports.Count == 0) return Status.SkipStatus;
        state.Write(s_key, new PortsState(ports));
        return Status.Success;
    }

    [MethodImpl(HotPath.Options)]
    public Status Filter(CycleState state, V1Pod pod, NodeInfo nodeInfo)
    {
        var ports = state.TryRead(s_key)?.Ports ?? [.. HostPortInfo.Of(pod)];
        foreach (var (ip, protocol, port) in ports)
            if (nodeInfo.UsedPorts.Conflicts(ip, protocol, port)) return Status.Unschedulable(ErrReason);
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Pod, ActionType.Delete), new(EventResource.Node, ActionType.Add | ActionType.Update)];

    private sealed record PortsState(IReadOnlyList<(string Ip, string Protocol, int Port)> Ports) : IStateData;
}
