namespace Wharf.E2E.Tests.MultiNode;

/// <summary>What every agent of one netns cluster is started with; only the node's name, IP and folders differ.</summary>
public sealed record NodeAgentSettings(Uri Server, string Token, string ClusterCidr, string ServiceCidr, string ClusterDns, string Backend)
{
    public IReadOnlyList<string> Arguments(string nodeName, string nodeIp, string dataDirectory, string resolvConf) =>
    [
        "agent", "--server", Server.ToString(), "--token", Token, "--node-name", nodeName, "--data-dir", dataDirectory,
        "--node-ip", nodeIp, "--cluster-cidr", ClusterCidr, "--service-cidr", ServiceCidr, "--cluster-dns", ClusterDns,
        "--flannel-backend", Backend, "--resolv-conf", resolvConf,
    ];
}
