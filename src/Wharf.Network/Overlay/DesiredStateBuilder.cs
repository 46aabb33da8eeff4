using System.Net;

namespace Wharf.Network.Overlay;

/// <summary>
/// The pure half of the overlay: Nodes in, routes/neighbours/FDB entries out. A remote node is reachable when it
/// runs the same backend (and VNI), publishes its public IP (and vtep MAC) and owns a pod subnet inside the cluster
/// CIDR that overlaps neither ours nor a subnet already claimed; ties go to the node whose name sorts first, so
/// every agent resolves a conflict the same way and nothing flaps.
/// </summary>
internal static class DesiredStateBuilder
{
    public static DesiredState Compute(LocalOverlay local, IEnumerable<OverlayNode> nodes)
    {
        var cluster = IPNetwork.Parse(local.ClusterCidr);
        var claimed = new List<IPNetwork> { IPNetwork.Parse(local.PodCidr) };
        var macs = new HashSet<string>(StringComparer.Ordinal);
        var routes = new List<OverlayRoute>();
        var neighbours = new List<NeighbourEntry>();
        var fdb = new List<FdbEntry>();
        var backendType = OverlayBackends.Name(local.Backend);

        foreach (var node in nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (node.Name == local.NodeName || node.PodCidr is null || node.PublicIp is null || node.BackendType != backendType)
                continue;
            var subnet = IPNetwork.Parse(node.PodCidr);
            if (!Inside(subnet, cluster) || claimed.Any(c => Overlap(c, subnet)))
                continue;
            switch (local.Backend)
            {
                case OverlayBackend.Vxlan:
                    if (node.Vni != local.Vni || node.VtepMac is null || !macs.Add(node.VtepMac))
                        continue;
                    var vtep = node.VtepIp!;
                    routes.Add(new OverlayRoute(node.PodCidr, vtep, local.VxlanDevice, OnLink: true));
                    neighbours.Add(new NeighbourEntry(vtep, node.VtepMac, local.VxlanDevice));
                    fdb.Add(new FdbEntry(node.VtepMac, node.PublicIp, local.VxlanDevice));
                    break;
                case OverlayBackend.HostGw:
                    routes.Add(new OverlayRoute(node.PodCidr, node.PublicIp, local.Interface, OnLink: false));
                    break;
            }
            claimed.Add(subnet);
        }
        return new DesiredState(routes, neighbours, fdb);
    }

    /// <summary>Strictly inside: a subnet as wide as the cluster CIDR would replace its unreachable route.</summary>
    private static bool Inside(IPNetwork subnet, IPNetwork cluster) =>
        subnet.PrefixLength > cluster.PrefixLength && cluster.Contains(subnet.BaseAddress);

    private static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);
}
