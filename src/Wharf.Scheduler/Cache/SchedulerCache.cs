using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Cache;

/// <summary>
/// The scheduler's model of placed pods. A pod is "assumed" on its node as soon as the cycle picks it, so the next
/// cycle sees the capacity taken without waiting for the bind round trip; the informer's Add confirms it, a failed
/// bind forgets it. Node infos for unknown nodes are kept while pods still reference them (upstream's ghost nodes).
/// </summary>
public sealed class SchedulerCache(TimeProvider time, TimeSpan? assumedPodTtl = null)
{
    private const string ZoneLabel = "topology.kubernetes.io/zone";
    private const string RegionLabel = "topology.kubernetes.io/region";

    private readonly object _lock = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodState> _pods = new(StringComparer.Ordinal);
    private List<string>? _nodeOrder;
    private Dictionary<string, int> _orderIndex = new(StringComparer.Ordinal);
    private long _orderVersion;

    // Node names by most recent change first (upstream's generation-ordered node list): a snapshot update walks it
    // only down to the first node its snapshot already has, instead of visiting every node per cycle.
    private readonly LinkedList<string> _byRecency = new();
    private readonly Dictionary<string, LinkedListNode<string>> _recency = new(StringComparer.Ordinal);

    public int NodeCount { get { lock (_lock) return _nodes.Values.Count(n => n.Node is not null); } }
    public int PodCount { get { lock (_lock) return _pods.Count; } }

    public void AddNode(V1Node node) => UpsertNode(node);

    /// <summary>The cached node object, read straight from the cache rather than a snapshot.</summary>
    public V1Node? GetNode(string nodeName)
    {
        lock (_lock) return _nodes.TryGetValue(nodeName, out var ni) ? ni.Node : null;
    }

    public void UpdateNode(V1Node node) => UpsertNode(node);

    public void RemoveNode(V1Node node)
    {
        lock (_lock)
        {
            var name = node.Metadata.Name;
            if (!_nodes.TryGetValue(name, out var ni)) return;
            if (ni.Pods.Count == 0) Drop(name);
            else { ni.RemoveNode(); Touch(name); }
            _nodeOrder = null;
        }
    }

    /// <summary>Places a pod whose spec.nodeName the cycle has just chosen.</summary>
    public void AssumePod(V1Pod pod) => AssumePod(new PodInfo(pod));

    /// <summary>Places a pod whose spec.nodeName the cycle has just chosen, with its figures already derived.</summary>
    public void AssumePod(PodInfo info)
    {
        var pod = info.Pod;
        lock (_lock)
        {
            var uid = pod.Uid();
            if (_pods.ContainsKey(uid)) throw new InvalidOperationException($"pod {pod.Key()} is already in the cache");
            NodeFor(pod.Spec.NodeName).AddPod(info);
            Touch(pod.Spec.NodeName);
            _pods[uid] = new PodState(info, assumed: true);
        }
    }

    /// <summary>Starts the expiry clock of an assumed pod once binding was sent (only when a TTL is configured).</summary>
    public void FinishBinding(V1Pod pod)
    {
        lock (_lock)
        {
            if (!_pods.TryGetValue(pod.Uid(), out var s) || !s.Assumed) return;
            s.BindingFinished = true;
            if (assumedPodTtl is { } ttl && ttl > TimeSpan.Zero) s.Deadline = time.GetUtcNow() + ttl;
        }
    }

    /// <summary>Drops an assumed pod after a failed cycle or bind.</summary>
    public void ForgetPod(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = pod.Uid();
            if (!_pods.TryGetValue(uid, out var s) || !s.Assumed) return;
            RemoveFromNode(s.Info.Pod);
            _pods.Remove(uid);
        }
    }

    /// <summary>Informer add of an assigned pod: confirms an assumed pod (moving it if it landed elsewhere) or adds it.</summary>
    public void AddPod(V1Pod pod) => AddOrConfirmPod(pod);

    /// <summary>
    /// <see cref="AddPod"/>, answering what the cache held before: the cached version (null for a pod new to the
    /// cache) and whether it was assumed, i.e. this add confirmed the scheduler's own placement. One lock instead of
    /// three for the informer's every assigned pod.
    /// </summary>
    public (V1Pod? Previous, bool Confirmed) AddOrConfirmPod(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = pod.Uid();
            if (_pods.TryGetValue(uid, out var s))
            {
                var previous = s.Info.Pod;
                if (!s.Assumed) { ReplacePod(s, pod); return (previous, false); }
                ReplacePod(s, pod);
                s.Assumed = false;
                s.Deadline = null;
                return (previous, true);
            }
            var info = new PodInfo(pod);
            NodeFor(pod.Spec.NodeName).AddPod(info);
            Touch(pod.Spec.NodeName);
            _pods[uid] = new PodState(info, assumed: false);
            return (null, false);
        }
    }

    public void UpdatePod(V1Pod newPod) => AddPod(newPod);

    public void RemovePod(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = pod.Uid();
            if (!_pods.TryGetValue(uid, out var s)) return;
            RemoveFromNode(s.Info.Pod);
            _pods.Remove(uid);
        }
    }

    public bool IsAssumed(V1Pod pod)
    {
        lock (_lock) return _pods.TryGetValue(pod.Uid(), out var s) && s.Assumed;
    }

    /// <summary>The cached version of an assigned or assumed pod.</summary>
    public V1Pod? GetPod(V1Pod pod)
    {
        lock (_lock) return _pods.TryGetValue(pod.Uid(), out var s) ? s.Info.Pod : null;
    }

    public bool Contains(V1Pod pod)
    {
        lock (_lock) return _pods.ContainsKey(pod.Uid());
    }

    /// <summary>Expires assumed pods whose bind finished but whose informer Add never came (only with a TTL).</summary>
    public int CleanupExpiredAssumedPods()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var expired = _pods.Where(kv => kv.Value is { Assumed: true, BindingFinished: true, Deadline: { } d } && d <= now).ToList();
            foreach (var (uid, s) in expired)
            {
                RemoveFromNode(s.Info.Pod);
                _pods.Remove(uid);
            }
            return expired.Count;
        }
    }

    /// <summary>
    /// Brings <paramref name="snapshot"/> up to date, cloning only node infos whose generation moved since it was
    /// last updated; the lists are laid out again only when the node set or its zone order changed.
    /// </summary>
    public void UpdateSnapshot(Snapshot snapshot)
    {
        lock (_lock)
        {
            if (_nodeOrder is not null && snapshot.OrderVersion == _orderVersion && snapshot.List.Count == _nodeOrder.Count)
                UpdateChangedNodes(snapshot);
            else
                Rebuild(snapshot);
        }
    }

    /// <summary>
    /// The per-cycle path: the node set and order are unchanged, so only node infos changed since the snapshot was
    /// taken are cloned and swapped in place, and the existing pods' term counts give back what the old node info
    /// brought and take what the new one brings.
    /// </summary>
    private void UpdateChangedNodes(Snapshot snapshot)
    {
        var since = snapshot.Generation;
        var imagesChanged = false;
        var changed = false;
        for (var entry = _byRecency.First; entry is not null; entry = entry.Next)
        {
            var ni = _nodes[entry.Value];
            if (ni.Generation <= since) break;
            if (ni.Node is null) continue;
            var name = entry.Value;
            var old = snapshot.ByName[name];
            var clone = ni.Clone();
            snapshot.ByName[name] = clone;
            snapshot.List[_orderIndex[name]] = clone;
            snapshot.ExistingTerms.Add(old, -1);
            snapshot.ExistingTerms.Add(clone, 1);
            imagesChanged |= !ReferenceEquals(old.Images, clone.Images);
            changed = true;
        }
        if (!changed) return;
        if (imagesChanged) snapshot.ImageNodeCounts = CountImages(snapshot.List);
        snapshot.Generation = NodeInfo.NextGeneration();
    }

    /// <summary>The full path, after nodes came, went or changed zone (or for a snapshot never filled).</summary>
    private void Rebuild(Snapshot snapshot)
    {
        snapshot.ByName.Clear();
        foreach (var (name, ni) in _nodes)
            if (ni.Node is not null) snapshot.ByName[name] = ni.Clone();
        if (_nodeOrder is null)
        {
            _nodeOrder = ZoneInterleavedOrder();
            _orderIndex = new Dictionary<string, int>(_nodeOrder.Count, StringComparer.Ordinal);
            for (var i = 0; i < _nodeOrder.Count; i++) _orderIndex[_nodeOrder[i]] = i;
            _orderVersion++;
        }
        var list = new List<NodeInfo>(_nodeOrder.Count);
        foreach (var name in _nodeOrder) list.Add(snapshot.ByName[name]);
        snapshot.List = list;
        var terms = new ExistingPodTerms();
        foreach (var ni in list) terms.Add(ni, 1);
        snapshot.ExistingTerms = terms;
        snapshot.ImageNodeCounts = CountImages(list);
        snapshot.OrderVersion = _orderVersion;
        snapshot.Generation = NodeInfo.NextGeneration();
    }

    private static Dictionary<string, int> CountImages(List<NodeInfo> nodes)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in nodes)
            foreach (var image in n.Images.Keys) counts[image] = counts.GetValueOrDefault(image) + 1;
        return counts;
    }

    /// <summary>Round-robin across zones so that the first nodes examined span zones, as upstream's node tree.</summary>
    private List<string> ZoneInterleavedOrder()
    {
        var zones = new List<List<string>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, ni) in _nodes)
        {
            if (ni.Node is null) continue;
            var labels = ni.Node.Metadata?.Labels;
            var zone = (labels.Value(RegionLabel) ?? "") + ":\0:" + (labels.Value(ZoneLabel) ?? "");
            if (!index.TryGetValue(zone, out var i)) { index[zone] = i = zones.Count; zones.Add([]); }
            zones[i].Add(name);
        }
        var order = new List<string>();
        for (var round = 0; order.Count < index.Values.Sum(i => zones[i].Count); round++)
            foreach (var z in zones)
                if (round < z.Count) order.Add(z[round]);
        return order;
    }

    private void UpsertNode(V1Node node)
    {
        lock (_lock)
        {
            var name = node.Metadata.Name;
            var ni = NodeFor(name);
            var zoneChanged = ni.Node is null || Zone(ni.Node) != Zone(node);
            ni.SetNode(node);
            Touch(name);
            if (zoneChanged) _nodeOrder = null;
        }
    }

    private static string Zone(V1Node n) =>
        (n.Metadata?.Labels.Value(RegionLabel) ?? "") + "/" + (n.Metadata?.Labels.Value(ZoneLabel) ?? "");

    private NodeInfo NodeFor(string nodeName)
    {
        if (!_nodes.TryGetValue(nodeName, out var ni)) _nodes[nodeName] = ni = new NodeInfo();
        return ni;
    }

    private void ReplacePod(PodState s, V1Pod pod)
    {
        var previous = s.Info.Pod;
        s.Info = new PodInfo(pod);
        // On the same node (a status write, the bind confirming the assumed pod) the node swaps the versions
        // itself and keeps its label counts when they agree.
        if (previous.Spec.NodeName == pod.Spec.NodeName && _nodes.TryGetValue(pod.Spec.NodeName ?? "", out var ni))
            ni.ReplacePod(previous, s.Info);
        else
        {
            RemoveFromNode(previous);
            NodeFor(pod.Spec.NodeName).AddPod(s.Info);
        }
        Touch(pod.Spec.NodeName);
    }

    private void RemoveFromNode(V1Pod pod)
    {
        if (!_nodes.TryGetValue(pod.Spec.NodeName ?? "", out var ni)) return;
        ni.RemovePod(pod);
        if (ni.Node is null && ni.Pods.Count == 0) Drop(pod.Spec.NodeName!);
        else Touch(pod.Spec.NodeName!);
    }

    private void Touch(string nodeName)
    {
        if (_recency.TryGetValue(nodeName, out var entry)) _byRecency.Remove(entry);
        else _recency[nodeName] = entry = new LinkedListNode<string>(nodeName);
        _byRecency.AddFirst(entry);
    }

    private void Drop(string nodeName)
    {
        _nodes.Remove(nodeName);
        if (_recency.Remove(nodeName, out var entry)) _byRecency.Remove(entry);
    }
}
