using k8s;
using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Queue;

/// <summary>
/// Upstream's PriorityQueue: activeQ ordered by the QueueSort plugin, backoffQ ordered by backoff expiry, and
/// unschedulable pods that only cluster events registered by their rejecting plugins (or the 5-minute flush) move back.
/// A move request seen while a pod is in flight sends that pod to backoff instead of parking it, so no event is lost.
/// PreEnqueue runs whenever a pod is about to enter activeQ (also from backoff); a gated pod is parked with the
/// unschedulable ones and re-checked on the events its gating plugin registered. As upstream's SchedulerPopFromBackoffQ,
/// an empty activeQ pops the head of backoffQ rather than idle (<see cref="QueueOptions.PopFromBackoffQ"/>).
/// </summary>
public sealed class SchedulingQueue : IPodNominator, IPodActivator
{
    private readonly object _lock = new();
    private readonly KeyedHeap<QueuedPodInfo> _active;
    private readonly KeyedHeap<QueuedPodInfo> _backoff;
    private readonly Dictionary<string, QueuedPodInfo> _unschedulable = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly PodNominator _nominator = new();
    private readonly Func<V1Pod, string?> _preEnqueue;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<ClusterEvent>> _eventsByPlugin;
    private readonly TimeProvider _time;
    private TaskCompletionSource _signal = NewSignal();
    private long _schedulingCycle;
    private long _moveRequestCycle = -1;
    private bool _closed;

    /// <param name="less">QueueSort order.</param>
    /// <param name="preEnqueue">Runs PreEnqueue plugins of the pod's profile; returns the gating plugin name or null.</param>
    /// <param name="eventsByPlugin">Cluster events each plugin registered (EventsToRegister), across profiles.</param>
    public SchedulingQueue(Func<QueuedPodInfo, QueuedPodInfo, bool> less, Func<V1Pod, string?> preEnqueue,
        IReadOnlyDictionary<string, IReadOnlyList<ClusterEvent>> eventsByPlugin, TimeProvider time, QueueOptions? options = null)
    {
        Options = options ?? new QueueOptions();
        _active = new KeyedHeap<QueuedPodInfo>(p => p.PodInfo.Uid, less);
        _backoff = new KeyedHeap<QueuedPodInfo>(p => p.PodInfo.Uid, (a, b) => BackoffExpiry(a) < BackoffExpiry(b));
        _preEnqueue = preEnqueue;
        _eventsByPlugin = eventsByPlugin;
        _time = time;
    }

    public QueueOptions Options { get; }

    public long SchedulingCycle { get { lock (_lock) return _schedulingCycle; } }

    public int ActiveCount { get { lock (_lock) return _active.Count; } }
    public int BackoffCount { get { lock (_lock) return _backoff.Count; } }
    public int UnschedulableCount { get { lock (_lock) return _unschedulable.Count; } }
    public int InFlightCount { get { lock (_lock) return _inFlight.Count; } }

    /// <summary>A new unscheduled pod from the informer.</summary>
    public void Add(V1Pod pod)
    {
        lock (_lock)
        {
            var qpi = new QueuedPodInfo(new PodInfo(pod), _time.GetUtcNow());
            var uid = qpi.PodInfo.Uid;
            if (_active.Contains(uid) || _backoff.Contains(uid) || _unschedulable.ContainsKey(uid) || _inFlight.Contains(uid)) return;
            MoveToActive(qpi);
            if (!string.IsNullOrEmpty(pod.Status?.NominatedNodeName)) _nominator.AddNominatedPod(qpi.PodInfo, pod.Status.NominatedNodeName);
        }
    }

    public void Update(V1Pod oldPod, V1Pod newPod)
    {
        lock (_lock)
        {
            var uid = newPod.Uid();
            var info = new PodInfo(newPod);
            if (_active.Get(uid) is { } a) { a.PodInfo = info; _active.AddOrUpdate(a); _nominator.Update(oldPod, info); return; }
            if (_backoff.Get(uid) is { } b) { b.PodInfo = info; _backoff.AddOrUpdate(b); _nominator.Update(oldPod, info); return; }
            if (_unschedulable.TryGetValue(uid, out var u))
            {
                u.PodInfo = info;
                _nominator.Update(oldPod, info);
                if (!IsMeaningfulUpdate(oldPod, newPod)) return;
                _unschedulable.Remove(uid);
                Requeue(u);
                return;
            }
            if (_inFlight.Contains(uid)) { _moveRequestCycle = _schedulingCycle; return; }
            MoveToActive(new QueuedPodInfo(info, _time.GetUtcNow()));
        }
    }

    public void Delete(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = pod.Uid();
            _nominator.DeleteNominatedPodIfExists(pod);
            if (!_active.Delete(uid) && !_backoff.Delete(uid)) _unschedulable.Remove(uid);
        }
    }

    /// <summary>Waits for the highest-priority active pod; null once the queue is closed.</summary>
    public async ValueTask<QueuedPodInfo?> PopAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_closed) return null;
                if ((_active.Pop() ?? PopBackoff()) is { } qpi)
                {
                    qpi.Attempts++;
                    _schedulingCycle++;
                    _inFlight.Add(qpi.PodInfo.Uid);
                    return qpi;
                }
                wait = _signal.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Returns a pod that failed its cycle: to backoff if something moved while it was in flight or no plugin
    /// rejected it (an error), otherwise to the unschedulable set until a registered event arrives.
    /// </summary>
    public void AddUnschedulableIfNotPresent(QueuedPodInfo qpi, long podSchedulingCycle)
    {
        lock (_lock)
        {
            var uid = qpi.PodInfo.Uid;
            _inFlight.Remove(uid);
            if (_active.Contains(uid) || _backoff.Contains(uid) || _unschedulable.ContainsKey(uid)) return;
            qpi.Timestamp = _time.GetUtcNow();
            if (_moveRequestCycle >= podSchedulingCycle || qpi.UnschedulablePlugins.Count + qpi.PendingPlugins.Count == 0)
                AddToBackoff(qpi);
            else
                _unschedulable[uid] = qpi;
        }
    }

    /// <summary>The pod's cycle ended (bound or handed back).</summary>
    public void Done(string uid)
    {
        lock (_lock) _inFlight.Remove(uid);
    }

    /// <summary>Moves every unschedulable pod whose rejecting plugins registered for <paramref name="evt"/>.</summary>
    public void MoveAllToActiveOrBackoffQueue(ClusterEvent evt, Func<QueuedPodInfo, bool>? precheck = null)
    {
        lock (_lock)
        {
            List<QueuedPodInfo>? moving = null;
            foreach (var qpi in _unschedulable.Values)
                if (Interested(qpi, evt) && (precheck is null || precheck(qpi))) (moving ??= []).Add(qpi);
            foreach (var qpi in moving ?? [])
            {
                _unschedulable.Remove(qpi.PodInfo.Uid);
                Requeue(qpi);
            }
            _moveRequestCycle = _schedulingCycle;
        }
    }

    /// <summary>Moves backoff pods whose backoff has expired to activeQ (upstream runs this every second).</summary>
    public void FlushBackoffQCompleted()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var moved = false;
            while (_backoff.Peek() is { } head && BackoffExpiry(head) <= now)
            {
                _backoff.Pop();
                head.GatingPlugin = _preEnqueue(head.Pod);
                if (head.Gated)
                {
                    _unschedulable[head.PodInfo.Uid] = head;
                    continue;
                }
                _active.AddOrUpdate(head);
                moved = true;
            }
            if (moved) Pulse();
        }
    }

    /// <summary>
    /// Moves the pod from the unschedulable set or backoff to activeQ at once (PreEnqueue still applies); a pod
    /// that is active, in flight or unknown is left alone.
    /// </summary>
    public void Activate(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = pod.Uid();
            if (!_unschedulable.Remove(uid, out var qpi))
            {
                qpi = _backoff.Get(uid);
                if (qpi is null) return;
                _backoff.Delete(uid);
            }
            MoveToActive(qpi);
        }
    }

    /// <summary>Pods parked longer than <see cref="QueueOptions.MaxInUnschedulablePods"/> get another try.</summary>
    public void FlushUnschedulablePodsLeftover()
    {
        var now = _time.GetUtcNow();
        MoveAllToActiveOrBackoffQueue(ClusterEvent.UnschedulableTimeout, qpi => now - qpi.Timestamp > Options.MaxInUnschedulablePods);
    }

    /// <summary>Runs both flushers until cancelled.</summary>
    public async Task RunFlushersAsync(CancellationToken ct)
    {
        var lastLeftover = _time.GetUtcNow();
        using var timer = new PeriodicTimer(Options.BackoffFlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                FlushBackoffQCompleted();
                if (_time.GetUtcNow() - lastLeftover < Options.UnschedulableFlushInterval) continue;
                lastLeftover = _time.GetUtcNow();
                FlushUnschedulablePodsLeftover();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _signal.TrySetResult();
        }
    }

    public bool IsPodBackingOff(QueuedPodInfo qpi) => BackoffExpiry(qpi) > _time.GetUtcNow();

    /// <summary>Initial backoff doubled per attempt after the first, capped at the maximum.</summary>
    public TimeSpan BackoffDuration(QueuedPodInfo qpi)
    {
        var d = Options.PodInitialBackoff;
        for (var i = 1; i < qpi.Attempts; i++)
        {
            if (d > Options.PodMaxBackoff - d) return Options.PodMaxBackoff;
            d += d;
        }
        return d;
    }

    /// <summary>Pods waiting in each sub-queue, for tests and metrics.</summary>
    public (IReadOnlyList<V1Pod> Active, IReadOnlyList<V1Pod> Backoff, IReadOnlyList<V1Pod> Unschedulable) Dump()
    {
        lock (_lock)
            return ([.. _active.Items.Select(p => p.Pod)], [.. _backoff.Items.Select(p => p.Pod)], [.. _unschedulable.Values.Select(p => p.Pod)]);
    }

    public void AddNominatedPod(PodInfo pod, string nodeName) => _nominator.AddNominatedPod(pod, nodeName);

    public void DeleteNominatedPodIfExists(V1Pod pod) => _nominator.DeleteNominatedPodIfExists(pod);

    public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName) => _nominator.NominatedPodsForNode(nodeName);

    /// <summary>
    /// A gated pod listens to its gating plugin only (the gate must open first); others to the plugins that
    /// rejected them.
    /// </summary>
    private bool Interested(QueuedPodInfo qpi, ClusterEvent evt)
    {
        if (qpi.GatingPlugin is { } gate) return !evt.IsWildcard && Registered(gate, evt);
        if (evt.IsWildcard) return true;
        foreach (var plugin in qpi.UnschedulablePlugins)
            if (Registered(plugin, evt)) return true;
        foreach (var plugin in qpi.PendingPlugins)
            if (Registered(plugin, evt)) return true;
        return false;
    }

    private bool Registered(string plugin, ClusterEvent evt) =>
        _eventsByPlugin.TryGetValue(plugin, out var events) && events.Any(e => e.Matches(evt));

    private void Requeue(QueuedPodInfo qpi)
    {
        // Never-attempted (gated) pods have no backoff to serve.
        if (qpi.Attempts > 0 && !qpi.Gated && IsPodBackingOff(qpi)) AddToBackoff(qpi);
        else MoveToActive(qpi);
    }

    /// <summary>With <see cref="QueueOptions.PopFromBackoffQ"/> a pod entering backoff may be popped at once: wake Pop.</summary>
    private void AddToBackoff(QueuedPodInfo qpi)
    {
        _backoff.AddOrUpdate(qpi);
        if (Options.PopFromBackoffQ) Pulse();
    }

    /// <summary>
    /// The backoff pod closest to expiry when activeQ is empty (<see cref="QueueOptions.PopFromBackoffQ"/>). Pods that
    /// failed with an error (no rejecting plugin) serve their backoff in full, as in upstream's separate error backoff
    /// queue, or a failing API call would be retried in a tight loop; PreEnqueue still applies, so a gated head is
    /// parked and the next one tried. Called under the lock.
    /// </summary>
    private QueuedPodInfo? PopBackoff()
    {
        if (!Options.PopFromBackoffQ || _backoff.Count == 0) return null;
        List<QueuedPodInfo>? errors = null;
        QueuedPodInfo? popped = null;
        while (popped is null && _backoff.Pop() is { } head)
        {
            if (head.UnschedulablePlugins.Count + head.PendingPlugins.Count == 0) { (errors ??= []).Add(head); continue; }
            head.GatingPlugin = _preEnqueue(head.Pod);
            if (!head.Gated) popped = head;
            else _unschedulable[head.PodInfo.Uid] = head;
        }
        foreach (var e in errors ?? []) _backoff.AddOrUpdate(e);
        return popped;
    }

    private void MoveToActive(QueuedPodInfo qpi)
    {
        qpi.GatingPlugin = _preEnqueue(qpi.Pod);
        if (qpi.Gated)
        {
            _unschedulable[qpi.PodInfo.Uid] = qpi;
            return;
        }
        _active.AddOrUpdate(qpi);
        Pulse();
    }

    private void Pulse()
    {
        var old = _signal;
        _signal = NewSignal();
        old.TrySetResult();
    }

    private DateTimeOffset BackoffExpiry(QueuedPodInfo qpi) => qpi.Timestamp + BackoffDuration(qpi);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Upstream isPodUpdated: anything but status, resourceVersion, generation and managedFields.</summary>
    private static bool IsMeaningfulUpdate(V1Pod oldPod, V1Pod newPod)
    {
        static string Strip(V1Pod p) => KubernetesJson.Serialize(new { p.Spec, p.Metadata?.Labels, p.Metadata?.Annotations, p.Metadata?.DeletionTimestamp });
        return Strip(oldPod) != Strip(newPod);
    }
}
