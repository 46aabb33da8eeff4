namespace Wharf.ApiServer.NodeProxy;

/// <summary>Where a node's agent serves the kubelet API: its InternalIP and <c>status.daemonEndpoints.kubeletEndpoint.Port</c>.</summary>
public sealed record KubeletEndpoint(string NodeName, string Host, int Port);
