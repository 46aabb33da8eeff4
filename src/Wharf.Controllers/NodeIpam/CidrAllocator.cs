using System.Net;
using System.Net.Sockets;

namespace Wharf.Controllers.NodeIpam;

/// <summary>
/// Splits the cluster CIDR (IPv4) into node subnets of a fixed prefix length and picks the lowest one not in use.
/// Stateless: the subnets in use are whatever the Nodes say, so a deleted Node's subnet is free again.
/// </summary>
public sealed class CidrAllocator
{
    private readonly IPNetwork _cluster;
    private readonly uint _base;
    private readonly int _clusterPrefix;
    private readonly int _nodePrefix;

    public CidrAllocator(string clusterCidr, int nodeMaskSize = 24)
    {
        var network = IPNetwork.Parse(clusterCidr);
        if (network.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"cluster CIDR {clusterCidr} is not IPv4", nameof(clusterCidr));
        if (nodeMaskSize < network.PrefixLength || nodeMaskSize > 30)
            throw new ArgumentException($"node mask size {nodeMaskSize} does not fit in {clusterCidr}", nameof(nodeMaskSize));
        _cluster = network;
        _base = ToUInt(network.BaseAddress);
        _clusterPrefix = network.PrefixLength;
        _nodePrefix = nodeMaskSize;
    }

    public int Capacity => 1 << (_nodePrefix - _clusterPrefix);

    /// <summary>The lowest free node subnet, or null when the cluster CIDR is exhausted.</summary>
    public string? Allocate(IEnumerable<string> inUse)
    {
        var used = inUse.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < Capacity; i++)
        {
            var candidate = Subnet(i);
            if (!used.Contains(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>Whether a subnet is one this allocator hands out (so it counts as in use).</summary>
    public bool Contains(string cidr) =>
        IPNetwork.TryParse(cidr, out var n) && n.PrefixLength == _nodePrefix && _cluster.Contains(n.BaseAddress);

    private string Subnet(int index)
    {
        var address = _base + ((uint)index << (32 - _nodePrefix));
        var bytes = BitConverter.GetBytes(address);
        if (BitConverter.IsLittleEndian) Array.Reverse(bytes);
        return $"{new IPAddress(bytes)}/{_nodePrefix}";
    }

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }
}
