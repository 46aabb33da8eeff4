using k8s.Models;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// Aggregated view of one node: its pods, requested resources (real and non-zero-defaulted), used host ports
/// and images. Plugins receive snapshot clones and never mutate them except through AddPod/RemovePod on copies.
/// </summary>
public sealed class NodeInfo
{
    private static long s_generation;

    private readonly List<PodInfo> _pods = [];
    private readonly List<PodInfo> _podsWithAffinity = [];
    private readonly List<PodInfo> _podsWithRequiredAntiAffinity = [];
    private PodLabelCounts _labelCounts = new();

    private V1Node? _node;
    private string _name = "";
    private NodeFigures _figures;
    private V1Taint[] _taints = [];
    private bool _unschedulable;

    public V1Node? Node
    {
        get => _node;
        private set
        {
            _node = value;
            _name = value?.Metadata?.Name ?? "";
        }
    }

    /// <summary>
    /// Kept with the node rather than read through it: it is read for every node of every cycle (nominated pods,
    /// scores, statuses), and at 5,000 nodes the three dependent loads into node objects that are otherwise not
    /// touched were 4–5 % of the scheduler's samples.
    /// </summary>
    public string Name => _name;
    /// <summary>Allocatable, requested and non-zero requested cpu/memory/storage and the pod count, inline (see <see cref="NodeFigures"/>).</summary>
    public ref readonly NodeFigures Figures => ref _figures;

    /// <summary>The node's spec.taints, copied when the node is set: TaintToleration reads them for every node of every cycle.</summary>
    public IReadOnlyList<V1Taint> Taints => _taints;

    /// <summary>The node's spec.unschedulable, copied when the node is set (NodeUnschedulable's Filter, every node of every cycle).</summary>
    public bool Unschedulable => _unschedulable;

    public IReadOnlyList<PodInfo> Pods => _pods;
    public IReadOnlyList<PodInfo> PodsWithAffinity => _podsWithAffinity;
    public IReadOnlyList<PodInfo> PodsWithRequiredAntiAffinity => _podsWithRequiredAntiAffinity;

    /// <summary>Counts of the non-terminating pods by namespace and label, kept with the pod list.</summary>
    public PodLabelCounts LabelCounts => _labelCounts;
    public Resource Requested { get; private set; } = new();
    public Resource NonZeroRequested { get; private set; } = new();
    public Resource Allocatable { get; private set; } = new();
    public HostPortInfo UsedPorts { get; private set; } = new();

    /// <summary>Normalised image name → size in bytes of images present on the node.</summary>
    public IReadOnlyDictionary<string, long> Images { get; private set; } = new Dictionary<string, long>();

    /// <summary>Bumped on every change so snapshots can copy only what moved.</summary>
    public long Generation { get; private set; } = NextGeneration();

    public static long NextGeneration() => Interlocked.Increment(ref s_generation);

    public static NodeInfo For(V1Node node, params V1Pod[] pods)
    {
        var ni = new NodeInfo();
        ni.SetNode(node);
        foreach (var p in pods) ni.AddPod(new PodInfo(p));
        return ni;
    }

    public void SetNode(V1Node node)
    {
        Node = node;
        Allocatable = Quantities.ToResource(node.Status?.Allocatable);
        var images = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var img in node.Status?.Images ?? [])
            foreach (var name in img.Names ?? [])
                images[PodHelpers.NormalizeImage(name)] = img.SizeBytes ?? 0;
        Images = images;
        _taints = node.Spec?.Taints is { Count: > 0 } taints ? [.. taints] : [];
        _unschedulable = node.Spec?.Unschedulable == true;
        RefreshFigures();
        Generation = NextGeneration();
    }

    public void RemoveNode()
    {
        Node = null;
        _taints = [];
        _unschedulable = false;
        Generation = NextGeneration();
    }

    public void AddPod(PodInfo pod) => AddPod(pod, countLabels: true);

    /// <summary>Removes a pod by UID; false when it was not here.</summary>
    public bool RemovePod(V1Pod pod)
    {
        var i = IndexOf(_pods, pod.Uid());
        if (i < 0) return false;
        RemoveAt(i, countLabels: true);
        return true;
    }

    /// <summary>
    /// A newer version of a pod on this node: the same as <see cref="RemovePod(V1Pod)"/> then
    /// <see cref="AddPod(PodInfo)"/>, except that the label counts are left alone when the version here and the new
    /// one count alike (a pod's status writes and its binding change no label): a frozen count would otherwise be
    /// copied for nothing.
    /// </summary>
    public void ReplacePod(V1Pod previous, PodInfo updated)
    {
        var i = IndexOf(_pods, previous.Uid());
        var sameCounts = i >= 0 && PodLabelCounts.CountAlike(_pods[i].Pod, updated.Pod);
        if (i >= 0) RemoveAt(i, countLabels: !sameCounts);
        AddPod(updated, countLabels: !sameCounts);
    }

    private void AddPod(PodInfo pod, bool countLabels)
    {
        _pods.Add(pod);
        if (pod.HasAffinity) _podsWithAffinity.Add(pod);
        if (pod.HasRequiredAntiAffinity) _podsWithRequiredAntiAffinity.Add(pod);
        Update(pod, 1, countLabels);
    }

    private void RemoveAt(int i, bool countLabels)
    {
        var info = _pods[i];
        _pods.RemoveAt(i);
        var uid = info.Uid;
        if (info.HasAffinity) _podsWithAffinity.RemoveAll(p => p.Uid == uid);
        if (info.HasRequiredAntiAffinity) _podsWithRequiredAntiAffinity.RemoveAll(p => p.Uid == uid);
        Update(info, -1, countLabels);
    }

    /// <summary>Where the pod with this UID is in the list, -1 if absent (a loop: FindIndex's lambda allocated per call).</summary>
    private static int IndexOf(List<PodInfo> pods, string uid)
    {
        for (var i = 0; i < pods.Count; i++)
            if (pods[i].Uid == uid) return i;
        return -1;
    }

    public NodeInfo Clone()
    {
        var c = new NodeInfo
        {
            Node = Node,
            Requested = Requested.Clone(),
            NonZeroRequested = NonZeroRequested.Clone(),
            Allocatable = Allocatable.Clone(),
            UsedPorts = UsedPorts.Clone(),
            Images = Images,
            Generation = Generation,
            _labelCounts = _labelCounts,
            _figures = _figures,
            _taints = _taints,
            _unschedulable = _unschedulable,
        };
        // Shared until one side changes: most snapshot clones never do.
        _labelCounts.Freeze();
        c._pods.AddRange(_pods);
        c._podsWithAffinity.AddRange(_podsWithAffinity);
        c._podsWithRequiredAntiAffinity.AddRange(_podsWithRequiredAntiAffinity);
        return c;
    }

    private void Update(PodInfo pod, int sign, bool countLabels)
    {
        if (sign > 0)
        {
            Requested.Add(pod.Requests);
            NonZeroRequested.MilliCpu += pod.NonZeroRequests.MilliCpu;
            NonZeroRequested.Memory += pod.NonZeroRequests.Memory;
        }
        else
        {
            Requested.Subtract(pod.Requests);
            NonZeroRequested.MilliCpu -= pod.NonZeroRequests.MilliCpu;
            NonZeroRequested.Memory -= pod.NonZeroRequests.Memory;
        }
        if (countLabels)
        {
            if (_labelCounts.IsFrozen) _labelCounts = _labelCounts.Copy();
            _labelCounts.Apply(pod.Pod, sign);
        }
        foreach (var (ip, proto, port) in pod.HostPorts)
        {
            if (sign > 0) UsedPorts.Add(ip, proto, port);
            else UsedPorts.Remove(ip, proto, port);
        }
        RefreshFigures();
        Generation = NextGeneration();
    }

    private void RefreshFigures() => _figures = NodeFigures.Of(Allocatable, Requested, NonZeroRequested, _pods.Count);

    public override string ToString() => $"{Name} pods={_pods.Count} requested=[{Requested}] allocatable=[{Allocatable}]";
}
