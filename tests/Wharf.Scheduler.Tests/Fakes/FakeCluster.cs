using System.Collections.Concurrent;
using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Scheduling;

namespace Wharf.Scheduler.Tests.Fakes;

/// <summary>
/// In-memory API: writes are recorded and echoed back to the loop as informer changes (bind → pod Modified with
/// spec.nodeName, delete → pod Deleted, status patch → pod Modified), like a real watch would.
/// </summary>
internal sealed class FakeCluster : ISchedulerCluster
{
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private int _concurrentBinds;
    private int _maxConcurrentBinds;

    public SchedulingLoop? Loop { get; set; }
    public ConcurrentQueue<(string Pod, string Node)> Bindings { get; } = new();
    public ConcurrentQueue<SchedulerEvent> Events { get; } = new();
    public ConcurrentQueue<(string Pod, PodStatusPatch Patch)> Patches { get; } = new();
    public ConcurrentQueue<(string Pod, V1PodCondition Condition)> Deletions { get; } = new();

    /// <summary>Pods whose bind should fail (by name).</summary>
    public HashSet<string> FailBindFor { get; } = [];

    public IAsyncEnumerable<ClusterChange> WatchAsync(CancellationToken ct) => AsyncEnumerable.Empty<ClusterChange>();

    public void Add(V1Node node) => Loop!.Apply(ClusterChange.Added(node));

    public void Add(V1Pod pod)
    {
        _pods[pod.Metadata.Uid] = pod;
        Loop!.Apply(ClusterChange.Added(pod));
    }

    public V1Pod Pod(string uid) => _pods[uid];

    /// <summary>Knows a pod without announcing it (when the change is delivered by a feed instead).</summary>
    public void Track(V1Pod pod) => _pods[pod.Metadata.Uid] = pod;

    /// <summary>Awaited by every bind before it lands (null = binds complete at once).</summary>
    public Func<Task>? BindGate { get; set; }

    /// <summary>Most binds seen inside <see cref="BindAsync"/> at the same time.</summary>
    public int MaxConcurrentBinds => _maxConcurrentBinds;

    public async Task BindAsync(V1Pod pod, string nodeName, CancellationToken ct)
    {
        var inFlight = Interlocked.Increment(ref _concurrentBinds);
        try
        {
            for (var seen = _maxConcurrentBinds; inFlight > seen; seen = _maxConcurrentBinds)
                Interlocked.CompareExchange(ref _maxConcurrentBinds, inFlight, seen);
            if (BindGate is { } gate) await gate();
            Bind(pod, nodeName);
        }
        finally
        {
            Interlocked.Decrement(ref _concurrentBinds);
        }
    }

    private void Bind(V1Pod pod, string nodeName)
    {
        if (FailBindFor.Contains(pod.Metadata.Name)) throw new InvalidOperationException("bind refused");
        Bindings.Enqueue((pod.Metadata.Name, nodeName));
        var bound = Clone(_pods[pod.Metadata.Uid]);
        bound.Spec.NodeName = nodeName;
        bound.Status.Phase = "Running";
        _pods[pod.Metadata.Uid] = bound;
        Loop!.Apply(ClusterChange.Modified(bound));
    }

    public Task PatchPodStatusAsync(V1Pod pod, PodStatusPatch patch, CancellationToken ct)
    {
        Patches.Enqueue((pod.Metadata.Name, patch));
        if (!_pods.TryGetValue(pod.Metadata.Uid, out var current)) return Task.CompletedTask;
        var updated = Clone(current);
        if (patch.Condition is { } c)
            updated.Status.Conditions = [.. (updated.Status.Conditions ?? []).Where(x => x.Type != c.Type), c];
        if (patch.NominatedNodeName is { } n) updated.Status.NominatedNodeName = n.Length == 0 ? null : n;
        _pods[pod.Metadata.Uid] = updated;
        Loop!.Apply(ClusterChange.Modified(updated));
        return Task.CompletedTask;
    }

    /// <summary>Awaited by every pod deletion after it is recorded and before it lands (null = deletions land at once).</summary>
    public Func<V1Pod, Task>? DeleteGate { get; set; }

    public async Task DeletePodAsync(V1Pod victim, V1PodCondition disruptionTarget, CancellationToken ct)
    {
        Deletions.Enqueue((victim.Metadata.Name, disruptionTarget));
        if (DeleteGate is { } gate) await gate(victim);
        if (_pods.TryRemove(victim.Metadata.Uid, out var gone)) Loop!.Apply(ClusterChange.Deleted(gone));
    }

    public Task RecordEventAsync(SchedulerEvent evt, CancellationToken ct)
    {
        Events.Enqueue(evt);
        return Task.CompletedTask;
    }

    private static V1Pod Clone(V1Pod p) => k8s.KubernetesJson.Deserialize<V1Pod>(k8s.KubernetesJson.Serialize(p));
}
