using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Queue;

internal sealed class PodNominator : IPodNominator
{
    private readonly object _lock = new();
    private readonly Dictionary<string, List<PodInfo>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeOfPod = new(StringComparer.Ordinal);
    private int _count;

    public void AddNominatedPod(PodInfo pod, string nodeName)
    {
        lock (_lock)
        {
            Delete(pod.Pod);
            Add(pod, nodeName);
        }
    }

    public void DeleteNominatedPodIfExists(V1Pod pod)
    {
        lock (_lock) Delete(pod);
    }

    /// <summary>Keeps a nomination across pod updates, taking the node from the new status when it is set.</summary>
    public void Update(V1Pod oldPod, PodInfo newPod)
    {
        lock (_lock)
        {
            var node = newPod.Pod.Status?.NominatedNodeName;
            if (string.IsNullOrEmpty(node)) _nodeOfPod.TryGetValue(oldPod.Uid(), out node);
            Delete(oldPod);
            Add(newPod, node);
        }
    }

    public bool HasNominatedPods => Volatile.Read(ref _count) > 0;

    public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName)
    {
        // Called for every node in every cycle: skip the lock in the common case of no nominations at all.
        if (Volatile.Read(ref _count) == 0) return [];
        lock (_lock) return _byNode.TryGetValue(nodeName, out var list) ? [.. list] : [];
    }

    private void Add(PodInfo pod, string? nodeName)
    {
        if (string.IsNullOrEmpty(nodeName)) return;
        _nodeOfPod[pod.Uid] = nodeName;
        if (!_byNode.TryGetValue(nodeName, out var list)) _byNode[nodeName] = list = [];
        list.Add(pod);
        Volatile.Write(ref _count, _nodeOfPod.Count);
    }

    private void Delete(V1Pod pod)
    {
        var uid = pod.Uid();
        if (!_nodeOfPod.Remove(uid, out var node)) return;
        if (_byNode.TryGetValue(node, out var list))
        {
            list.RemoveAll(p => p.Uid == uid);
            if (list.Count == 0) _byNode.Remove(node);
        }
        Volatile.Write(ref _count, _nodeOfPod.Count);
    }
}
