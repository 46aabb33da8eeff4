namespace Wharf.Node.Agent.Network;

/// <summary>What the node's network services (DNS, service proxy, overlay) need to know once the pod network is up.</summary>
public sealed record NodeNetworkInfo(string NodeName, string NodeIp, string PodCidr, string ClusterCidr, string ServiceCidr, string ClusterDnsIp);
