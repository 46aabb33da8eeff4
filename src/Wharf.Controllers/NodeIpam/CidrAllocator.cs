using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Wharf.Controllers.NodeIpam;

/// <summary>
/// Splits the cluster CIDR (IPv4) into node subnets of a fixed prefix length and hands out the lowest free one
/// (upstream's range allocator keeps a cidrSet bitmap for the same job). A subnet is taken while a Node in the cache
/// says it is its own (<see cref="Observe"/>) or while this allocator has reserved it for a Node by name
/// (<see cref="Reserve"/>) — the cache may not have seen the assigning patch yet when the next Node is synced.
/// Both are bitmaps, so a sync costs a scan of a few words instead of a walk over every Node: with thousands of
/// Nodes and an exhausted range, every retry used to list them all.
/// </summary>
public sealed class CidrAllocator
{
    private readonly IPNetwork _cluster;
    private readonly uint _base;
    private readonly int _nodePrefix;
    private readonly ulong[] _observed;
    private readonly ulong[] _reserved;
    private readonly Dictionary<string, int> _reservations = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public CidrAllocator(string clusterCidr, int nodeMaskSize = 24)
    {
        var network = IPNetwork.Parse(clusterCidr);
        if (network.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"cluster CIDR {clusterCidr} is not IPv4", nameof(clusterCidr));
        if (nodeMaskSize < network.PrefixLength || nodeMaskSize > 30)
            throw new ArgumentException($"node mask size {nodeMaskSize} does not fit in {clusterCidr}", nameof(nodeMaskSize));
        _cluster = network;
        _base = ToUInt(network.BaseAddress);
        _nodePrefix = nodeMaskSize;
        Capacity = 1 << (nodeMaskSize - network.PrefixLength);
        _observed = new ulong[(Capacity + 63) / 64];
        _reserved = new ulong[_observed.Length];
    }

    public int Capacity { get; }

    /// <summary>Whether a subnet is one this allocator hands out (so it counts as taken when a Node has it).</summary>
    public bool Contains(string cidr) => IndexOf(cidr) >= 0;

    /// <summary>A Node in the cache has <paramref name="cidr"/>: taken (ignored when it is not one of ours).</summary>
    public void Observe(string cidr) => SetObserved(cidr, true);

    /// <summary>The Node that had <paramref name="cidr"/> is gone from the cache.</summary>
    public void Forget(string cidr) => SetObserved(cidr, false);

    /// <summary>Whether a subnet is reserved for <paramref name="node"/> (assigned, perhaps not yet seen in the cache).</summary>
    public bool IsReserved(string node)
    {
        lock (_lock)
            return _reservations.ContainsKey(node);
    }

    /// <summary>Reserves the lowest free subnet for <paramref name="node"/>; null when the cluster CIDR is exhausted.</summary>
    public string? Reserve(string node)
    {
        lock (_lock)
        {
            if (_reservations.TryGetValue(node, out var held))
                return Subnet(held);
            for (var word = 0; word < _observed.Length; word++)
            {
                var free = ~(_observed[word] | _reserved[word]);
                if (free == 0)
                    continue;
                var index = word * 64 + BitOperations.TrailingZeroCount(free);
                if (index >= Capacity)
                    return null;
                _reserved[word] |= 1UL << (index % 64);
                _reservations[node] = index;
                return Subnet(index);
            }
            return null;
        }
    }

    /// <summary>Drops <paramref name="node"/>'s reservation (the Node is gone, or the assignment failed).</summary>
    public void Release(string node)
    {
        lock (_lock)
        {
            if (_reservations.Remove(node, out var index))
                _reserved[index / 64] &= ~(1UL << (index % 64));
        }
    }

    private void SetObserved(string cidr, bool taken)
    {
        var index = IndexOf(cidr);
        if (index < 0)
            return;
        lock (_lock)
        {
            if (taken) _observed[index / 64] |= 1UL << (index % 64);
            else _observed[index / 64] &= ~(1UL << (index % 64));
        }
    }

    private int IndexOf(string cidr)
    {
        if (!IPNetwork.TryParse(cidr, out var n) || n.PrefixLength != _nodePrefix || !_cluster.Contains(n.BaseAddress))
            return -1;
        return (int)((ToUInt(n.BaseAddress) - _base) >> (32 - _nodePrefix));
    }

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
