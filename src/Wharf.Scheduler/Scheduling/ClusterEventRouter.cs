using System.Collections.Concurrent;
using k8s.Models;
using Wharf.Scheduler.Cache;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Queue;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Scheduling;

/// <summary>
/// Upstream's event handlers: assigned pods and nodes go to the cache, unassigned pods of our profiles to the
/// queue, and each change is classified into the <see cref="ClusterEvent"/> that may requeue rejected pods.
/// </summary>
internal sealed class ClusterEventRouter(SchedulerCache cache, SchedulingQueue queue, ClusterObjects objects, IReadOnlySet<string> schedulerNames)
{
    private readonly ConcurrentDictionary<string, V1Pod> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Synced => _synced.Task;

    /// <summary>Latest version of a pending (unassigned) pod, or null once it is gone or bound.</summary>
    public V1Pod? PendingPod(string uid) => _pending.GetValueOrDefault(uid);

    public void Apply(ClusterChange change)
    {
        switch (change.Object)
        {
            case null when change.Type == ClusterChangeType.Synced:
                _synced.TrySetResult();
                break;
            case V1Pod pod:
                OnPod(change.Type, pod);
                break;
            case V1Node node:
                OnNode(change.Type, node);
                break;
            case { } other:
                objects.Apply(change.Type, other);
                // The store is updated first, so the pods moved here see the new object on their next attempt.
                if (change.Type != ClusterChangeType.Synced && StorageEvent(change.Type, other) is { } storage)
                    queue.MoveAllToActiveOrBackoffQueue(storage);
                break;
        }
    }

    private void OnPod(ClusterChangeType type, V1Pod pod)
    {
        var uid = pod.Uid();
        var assigned = !string.IsNullOrEmpty(pod.Spec?.NodeName);
        if (type == ClusterChangeType.Deleted || (assigned && pod.IsTerminal()))
        {
            if (_pending.TryRemove(uid, out var pendingPod)) queue.Delete(pendingPod);
            if (cache.GetPod(pod) is not null)
            {
                cache.RemovePod(pod);
                queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
            }
            return;
        }
        if (assigned)
        {
            if (_pending.TryRemove(uid, out var was)) queue.Delete(was);
            var (old, confirmed) = cache.AddOrConfirmPod(pod);
            if (old is null || confirmed)
            {
                // An assumed pod's capacity was already accounted; only a brand-new pod is news for affinity/spread.
                if (!confirmed) queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodAdd);
                return;
            }
            var action = PodUpdateAction(old, pod);
            if (action != ActionType.None) queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Pod, action, "AssignedPod" + action));
            return;
        }
        if (!schedulerNames.Contains(SchedulerNameOf(pod))) return;
        if (_pending.TryGetValue(uid, out var previous))
        {
            _pending[uid] = pod;
            queue.Update(previous, pod);
        }
        else
        {
            _pending[uid] = pod;
            queue.Add(pod);
        }
    }

    private void OnNode(ClusterChangeType type, V1Node node)
    {
        switch (type)
        {
            case ClusterChangeType.Deleted:
                cache.RemoveNode(node);
                queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeDelete);
                break;
            case ClusterChangeType.Added:
                cache.AddNode(node);
                queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
                break;
            default:
                var old = cache.GetNode(node.Metadata.Name);
                cache.UpdateNode(node);
                var action = old is null ? ActionType.Add : NodeUpdateAction(old, node);
                if (action != ActionType.None) queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Node, action, "Node" + action));
                break;
        }
    }

    /// <summary>The event a storage object's change is for the volume plugins' registrations (upstream's storage handlers).</summary>
    public static ClusterEvent? StorageEvent(ClusterChangeType type, object obj)
    {
        EventResource? resource = obj switch
        {
            V1PersistentVolume => EventResource.PersistentVolume,
            V1PersistentVolumeClaim => EventResource.PersistentVolumeClaim,
            V1StorageClass => EventResource.StorageClass,
            V1CSINode => EventResource.CSINode,
            V1CSIDriver => EventResource.CSIDriver,
            V1CSIStorageCapacity => EventResource.CSIStorageCapacity,
            _ => null,
        };
        if (resource is not { } r) return null;
        var action = type switch
        {
            ClusterChangeType.Added => ActionType.Add,
            ClusterChangeType.Deleted => ActionType.Delete,
            _ => ActionType.UpdateOther,
        };
        return new ClusterEvent(r, action, $"{r}{(action == ActionType.UpdateOther ? "Update" : action.ToString())}");
    }

    public static string SchedulerNameOf(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.SchedulerName) ? Config.SchedulerProfileConfig.DefaultSchedulerName : pod.Spec.SchedulerName;

    /// <summary>Which scheduling-relevant properties of a node changed (upstream nodeSchedulingPropertiesChange).</summary>
    public static ActionType NodeUpdateAction(V1Node old, V1Node now)
    {
        var a = ActionType.None;
        if (!SameMap(old.Status?.Allocatable?.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()), now.Status?.Allocatable?.ToDictionary(kv => kv.Key, kv => kv.Value.ToString())))
            a |= ActionType.UpdateNodeAllocatable;
        if (!SameMap(old.Metadata?.Labels, now.Metadata?.Labels)) a |= ActionType.UpdateNodeLabel;
        if (old.Spec?.Unschedulable != now.Spec?.Unschedulable || !SameTaints(old.Spec?.Taints, now.Spec?.Taints)) a |= ActionType.UpdateNodeTaint;
        if (!SameConditions(old, now)) a |= ActionType.UpdateNodeCondition;
        if (!SameMap(old.Metadata?.Annotations, now.Metadata?.Annotations)) a |= ActionType.UpdateNodeAnnotation;
        return a;
    }

    /// <summary>Label changes and request decreases of an assigned pod (upstream's pod update events).</summary>
    public static ActionType PodUpdateAction(V1Pod old, V1Pod now)
    {
        var a = ActionType.None;
        if (!SameMap(old.Metadata?.Labels, now.Metadata?.Labels)) a |= ActionType.UpdatePodLabel;
        var (before, after) = (PodResources.Requests(old), PodResources.Requests(now));
        if (after.MilliCpu < before.MilliCpu || after.Memory < before.Memory || after.EphemeralStorage < before.EphemeralStorage) a |= ActionType.UpdatePodScaleDown;
        return a;
    }

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0)) return false;
        if (a is null || b is null) return true;
        foreach (var (k, v) in a)
            if (!b.TryGetValue(k, out var bv) || bv != v) return false;
        return true;
    }

    private static bool SameTaints(IList<V1Taint>? a, IList<V1Taint>? b) =>
        (a ?? []).Select(t => (t.Key, t.Value, t.Effect)).SequenceEqual((b ?? []).Select(t => (t.Key, t.Value, t.Effect)));

    private static bool SameConditions(V1Node a, V1Node b) =>
        (a.Status?.Conditions ?? []).Select(c => (c.Type, c.Status)).SequenceEqual((b.Status?.Conditions ?? []).Select(c => (c.Type, c.Status)));
}
