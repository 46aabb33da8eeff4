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

    public IReadOnlyList<ResourceSpec> Resources => resources;

    public long[] PodRequests(PodInfo pod)
    {
        var source = useRequested ? pod.Requests : pod.NonZeroRequests;
        return [.. resources.Select(r => source.Get(r.Name))];
    }

    public long Score(NodeInfo node, long[] podRequests)
    {
        var requested = new long[resources.Count];
        var allocatable = new long[resources.Count];
        var nodeRequested = useRequested ? node.Requested : node.NonZeroRequested;
        for (var i = 0; i < resources.Count; i++)
        {
            var name = resources[i].Name;
            if (podRequests[i] == 0 && ResourceNames.IsScalar(name)) continue;
            var alloc = node.Allocatable.Get(name);
            if (alloc == 0) continue;
            var used = name is ResourceNames.Cpu or ResourceNames.Memory ? nodeRequested.Get(name) : node.Requested.Get(name);
            allocatable[i] = alloc;
            requested[i] = used + podRequests[i];
        }
        return scorer(requested, allocatable, _weights);
    }
}
