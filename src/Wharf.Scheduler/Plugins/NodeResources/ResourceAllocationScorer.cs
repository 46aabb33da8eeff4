using System.Runtime.CompilerServices;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.NodeResources;

/// <summary>
/// Shared scoring core of Fit and BalancedAllocation: builds (requested after placing the pod, allocatable)
/// per configured resource and hands them to a scorer. Fit counts unset cpu/memory requests with the non-zero
/// defaults; BalancedAllocation uses real requests. Extended resources the pod does not request are ignored.
/// </summary>
internal sealed class ResourceAllocationScorer(IReadOnlyList<ResourceSpec> resources, bool useRequested, ResourceScorers.Scorer scorer)
{
    private readonly long[] _weights = [.. resources.Select(r => r.Weight)];

    // The resource names classified once: Score runs for every scored node of every cycle.
    private readonly Kind[] _kinds = [.. resources.Select(r => KindOf(r.Name))];

    private enum Kind { Cpu, Memory, EphemeralStorage, Scalar, Other }

    public IReadOnlyList<ResourceSpec> Resources => resources;

    public long[] PodRequests(PodInfo pod)
    {
        var source = useRequested ? pod.Requests : pod.NonZeroRequests;
        return [.. resources.Select(r => source.Get(r.Name))];
    }

    [MethodImpl(HotPath.Options)]
    public long Score(NodeInfo node, long[] podRequests)
    {
        var count = _kinds.Length;
        Span<long> requested = count <= 8 ? stackalloc long[count] : new long[count];
        Span<long> allocatable = count <= 8 ? stackalloc long[count] : new long[count];
        // Resources skipped below must read 0 (left out of the mean).
        requested.Clear();
        allocatable.Clear();
        ref readonly var f = ref node.Figures;
        for (var i = 0; i < count; i++)
        {
            long alloc, used;
            switch (_kinds[i])
            {
                // cpu and memory from the inline figures (real or non-zero-defaulted requests).
                case Kind.Cpu:
                    alloc = f.AllocatableMilliCpu;
                    used = useRequested ? f.RequestedMilliCpu : f.NonZeroMilliCpu;
                    break;
                case Kind.Memory:
                    alloc = f.AllocatableMemory;
                    used = useRequested ? f.RequestedMemory : f.NonZeroMemory;
                    break;
                case Kind.EphemeralStorage:
                    alloc = f.AllocatableEphemeralStorage;
                    used = f.RequestedEphemeralStorage;
                    break;
                case Kind.Scalar when podRequests[i] == 0:
                    continue;
                default:
                    var name = resources[i].Name;
                    alloc = node.Allocatable.Get(name);
                    used = node.Requested.Get(name);
                    break;
            }
            if (alloc == 0) continue;
            allocatable[i] = alloc;
            requested[i] = used + podRequests[i];
        }
        return scorer(requested, allocatable, _weights);
    }

    private static Kind KindOf(string name) => name switch
    {
        ResourceNames.Cpu => Kind.Cpu,
        ResourceNames.Memory => Kind.Memory,
        ResourceNames.EphemeralStorage => Kind.EphemeralStorage,
        _ when ResourceNames.IsScalar(name) => Kind.Scalar,
        _ => Kind.Other,
    };
}
