using k8s;
using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Queue;

/// <summary>
/// Upstream's PriorityQueue (v1.34 behaviour): activeQ ordered by the QueueSort plugin, backoffQ ordered by backoff
/// expiry (pods that failed with an error in a separate error backoff queue), and unschedulable pods that only cluster
/// events registered by their rejecting plugins (or the 5-minute flush) move back. A move request seen while a pod is
/// in flight sends that pod to backoff instead of parking it, so no event is lost. The backoff doubles with the
/// pod's rejections (or its consecutive errors), never with attempts alone, and a pod that was never rejected has
/// none. PreEnqueue runs whenever a pod is about to enter activeQ or backoffQ; a gated pod is parked with the
/// unschedulable ones and re-checked on the events its gating plugin registered. As upstream's SchedulerPopFromBackoffQ
/// (KEP-5142, on by default since 1.33, <see cref="QueueOptions.PopFromBackoffQ"/>): an empty activeQ pops the head of
/// backoffQ rather than idle, backoff expiries are rounded down to whole-second windows ordered by QueueSort within
/// a window, and the backoff flush runs on the window boundaries.
/// </summary>
public sealed class SchedulingQueue : IPodNominator, IPodActivator
{
    private readonly object _lock = new();
    private readonly KeyedHeap<QueuedPodInfo> _active;
    private readonly KeyedHeap<QueuedPodInfo> _backoff;
    private readonly KeyedHeap<QueuedPodInfo> _errorBackoff;
    private readonly Dictionary<string, QueuedPodInfo> _unschedulable = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);

    /// <summary>In-flight pods activated meanwhile (upstream's EventForceActivate): requeued when they come back.</summary>
    private readonly HashSet<string> _forceActivated = new(StringComparer.Ordinal);
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
        // Within one ordering window the backoff heap sorts as activeQ does, so a pod popped from it early is the one
        // activeQ would have chosen after the flush.
        _backoff = new KeyedHeap<QueuedPodInfo>(p => p.PodInfo.Uid, (a, b) =>
        {
            var (ea, eb) = (BackoffExpiry(a), BackoffExpiry(b));
            return ea != eb ? ea < eb : Options.PopFromBackoffQ && less(a, b);
        });
        _errorBackoff = new KeyedHeap<QueuedPodInfo>(p => p.PodInfo.Uid, (a, b) => BackoffExpiry(a) < BackoffExpiry(b));
        _preEnqueue = preEnqueue;
        _eventsByPlugin = eventsByPlugin;
        _time = time;
    }

    public QueueOptions Options { get; }

    public long SchedulingCycle { get { lock (_lock) return _schedulingCycle; } }

    public int ActiveCount { get { lock (_lock) return _active.Count; } }
    public int BackoffCount { get { lock (_lock) return _backoff.Count + _errorBackoff.Count; } }
    public int UnschedulableCount { get { lock (_lock) return _unschedulable.Count; } }
    public int InFlightCount { get { lock (_lock) return _inFlight.Count; } }

    /// <summary>A new unscheduled pod from the informer.</summary>
    public void Add(V1Pod pod)
    {
        lock (_lock)
        {
            var qpi = new QueuedPodInfo(new PodInfo(pod), _time.GetUtcNow());
            var uid = qpi.PodInfo.Uid;
            if (_active.Contains(uid) || InBackoff(uid) || _unschedulable.ContainsKey(uid) || _inFlight.Contains(uid)) return;
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
            if (_errorBackoff.Get(uid) is { } e) { e.PodInfo = info; _errorBackoff.AddOrUpdate(e); _nominator.Update(oldPod, info); return; }
            if (_unschedulable.TryGetValue(uid, out var u))
            {
                u.PodInfo = info;
                _nominator.Update(oldPod, info);
                if (!IsMeaningfulUpdate(oldPod, newPod)) return;
                _unschedulable.Remove(uid);
                RequeueAfterBackoff(u);
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
            if (!_active.Delete(uid) && !DeleteBackoff(uid)) _unschedulable.Remove(uid);
            _forceActivated.Remove(uid);
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
    /// Returns a pod that failed its cycle: to backoff if something moved while it was in flight, if it was activated
    /// meanwhile, or if no plugin rejected it (an error); otherwise to the unschedulable set until a registered event
    /// arrives. The failure counts towards the pod's next backoff.
    /// </summary>
    public void AddUnschedulableIfNotPresent(QueuedPodInfo qpi, long podSchedulingCycle)
    {
        lock (_lock)
        {
            var uid = qpi.PodInfo.Uid;
            _inFlight.Remove(uid);
            var activated = _forceActivated.Remove(uid);
            if (_active.Contains(uid) || InBackoff(uid) || _unschedulable.ContainsKey(uid)) return;
            var error = qpi.UnschedulablePlugins.Count + qpi.PendingPlugins.Count == 0;
            if (error) qpi.ConsecutiveErrorsCount++;
            else
            {
                qpi.UnschedulableCount++;
                qpi.ConsecutiveErrorsCount = 0;
            }
            qpi.Timestamp = _time.GetUtcNow();
            qpi.BackoffExpiration = null;
            if (_moveRequestCycle >= podSchedulingCycle || activated || error)
                RequeueAfterBackoff(qpi);
            else
                _unschedulable[uid] = qpi;
        }
    }

    /// <summary>The pod's cycle ended (bound or handed back).</summary>
    public void Done(string uid)
    {
        lock (_lock)
        {
            _inFlight.Remove(uid);
            _forceActivated.Remove(uid);
        }
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
                if (PendingInterested(qpi, evt)) MoveToActive(qpi);
                else RequeueAfterBackoff(qpi);
            }
            _moveRequestCycle = _schedulingCycle;
        }
    }

    /// <summary>
    /// Moves backoff pods whose backoff has expired to activeQ (upstream runs this every second, on the ordering
    /// window's boundaries). With <see cref="QueueOptions.PopFromBackoffQ"/> PreEnqueue already ran on the way into
    /// backoff, as upstream's moveToBackoffQ, so it is not run again here.
    /// </summary>
    public void FlushBackoffQCompleted()
    {
        lock (_lock)
        {
            var moved = false;
            foreach (var heap in (ReadOnlySpan<KeyedHeap<QueuedPodInfo>>)[_backoff, _errorBackoff])
            {
                while (heap.Peek() is { } head && !IsPodBackingOff(head))
                {
                    heap.Pop();
                    moved |= MoveToActive(head, runPreEnqueue: !Options.PopFromBackoffQ, pulse: false);
                }
            }
            if (moved) Pulse();
        }
    }

    /// <summary>
    /// Moves the pod from the unschedulable set or backoff to activeQ at once (PreEnqueue still applies to a pod that
    /// waited unschedulable). A pod in flight is requeued when its cycle hands it back, as upstream's EventForceActivate
    /// (async preemption calls may fail before the preemptor is back); an active or unknown pod is left alone.
    /// </summary>
    public void Activate(V1Pod pod)
    {
        lock (_lock)
        {
            var uid = pod.Uid();
            if (_unschedulable.Remove(uid, out var qpi))
            {
                MoveToActive(qpi);
                return;
            }
            qpi = _backoff.Get(uid) ?? _errorBackoff.Get(uid);
            if (qpi is not null)
            {
                DeleteBackoff(uid);
                MoveToActive(qpi, runPreEnqueue: !Options.PopFromBackoffQ);
                return;
            }
            if (_inFlight.Contains(uid)) _forceActivated.Add(uid);
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
        try
        {
            // Whole windows are flushed at once, so the timer starts on a window boundary.
            var now = _time.GetUtcNow();
            var toNextWindow = Align(now + BackoffWindow) - now;
            if (Options.PopFromBackoffQ && toNextWindow > TimeSpan.Zero) await Task.Delay(toNextWindow, _time, ct).ConfigureAwait(false);
            FlushBackoffQCompleted();
            using var timer = new PeriodicTimer(Options.BackoffFlushInterval, _time);
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

    /// <summary>
    /// Whether the pod must still wait; with ordering windows a pod whose expiry falls in the current window still
    /// waits (upstream compares the windows, not the instants).
    /// </summary>
    public bool IsPodBackingOff(QueuedPodInfo qpi) => BackoffExpiry(qpi) >= Align(_time.GetUtcNow());

    /// <summary>The pod's backoff: by its consecutive errors if its last cycle failed on one, else by its rejections.</summary>
    public TimeSpan BackoffDuration(QueuedPodInfo qpi) =>
        BackoffDuration(qpi.ConsecutiveErrorsCount > 0 ? qpi.ConsecutiveErrorsCount : qpi.UnschedulableCount);

    /// <summary>None before the first failure, then the initial backoff doubled per failure, capped at the maximum.</summary>
    public TimeSpan BackoffDuration(int failures)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var d = Options.PodInitialBackoff;
        for (var i = 1; i < failures; i++)
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
            return ([.. _active.Items.Select(p => p.Pod)], [.. _backoff.Items.Concat(_errorBackoff.Items).Select(p => p.Pod)], [.. _unschedulable.Values.Select(p => p.Pod)]);
    }

    public void AddNominatedPod(PodInfo pod, string nodeName) => _nominator.AddNominatedPod(pod, nodeName);

    public void DeleteNominatedPodIfExists(V1Pod pod) => _nominator.DeleteNominatedPodIfExists(pod);

    public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName) => _nominator.NominatedPodsForNode(nodeName);

    public bool HasNominatedPods => _nominator.HasNominatedPods;

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

    /// <summary>
    /// Runs for every parked pod on every cluster event (a preemption's victims alone are three deletions), so it
    /// loops rather than allocate a closure per call.
    /// </summary>
    private bool Registered(string plugin, ClusterEvent evt)
    {
        if (!_eventsByPlugin.TryGetValue(plugin, out var events)) return false;
        for (var i = 0; i < events.Count; i++)
            if (events[i].Matches(evt)) return true;
        return false;
    }

    /// <summary>
    /// A pending plugin (one that asked the pod to wait rather than rejected it) that registered the event sends the
    /// pod to activeQ at once, skipping its backoff (upstream's queueImmediately).
    /// </summary>
    private bool PendingInterested(QueuedPodInfo qpi, ClusterEvent evt)
    {
        if (qpi.Gated || evt.IsWildcard) return false;
        foreach (var plugin in qpi.PendingPlugins)
            if (Registered(plugin, evt)) return true;
        return false;
    }

    /// <summary>
    /// Upstream's queueAfterBackoff: to backoffQ while the pod's backoff runs, else to activeQ. A gated pod whose gate
    /// opened is no exception: a preemptor released by its last victim's deletion waits out the rest of its backoff
    /// (popped at once if the scheduler is otherwise idle); a pod never rejected has no backoff at all.
    /// </summary>
    private void RequeueAfterBackoff(QueuedPodInfo qpi)
    {
        if (IsPodBackingOff(qpi)) MoveToBackoff(qpi);
        else MoveToActive(qpi);
    }

    /// <summary>
    /// Upstream's moveToBackoffQ: with <see cref="QueueOptions.PopFromBackoffQ"/> PreEnqueue runs on the way in (a pod
    /// may be popped from backoff at any moment) and a gated pod is parked instead; errors go to the error backoff
    /// queue, which Pop never takes early.
    /// </summary>
    private void MoveToBackoff(QueuedPodInfo qpi)
    {
        if (Options.PopFromBackoffQ)
        {
            qpi.GatingPlugin = _preEnqueue(qpi.Pod);
            if (qpi.Gated)
            {
                _unschedulable[qpi.PodInfo.Uid] = qpi;
                return;
            }
        }
        if (qpi.UnschedulablePlugins.Count + qpi.PendingPlugins.Count == 0) _errorBackoff.AddOrUpdate(qpi);
        else _backoff.AddOrUpdate(qpi);
        if (Options.PopFromBackoffQ) Pulse();
    }

    /// <summary>
    /// The backoff pod closest to expiry (then first in QueueSort order) when activeQ is empty
    /// (<see cref="QueueOptions.PopFromBackoffQ"/>). Pods that failed with an error serve their backoff in full in the
    /// error backoff queue, or a failing API call would be retried in a tight loop. Called under the lock.
    /// </summary>
    private QueuedPodInfo? PopBackoff() => Options.PopFromBackoffQ ? _backoff.Pop() : null;

    private bool InBackoff(string uid) => _backoff.Contains(uid) || _errorBackoff.Contains(uid);

    private bool DeleteBackoff(string uid) => _backoff.Delete(uid) || _errorBackoff.Delete(uid);

    /// <summary>To activeQ unless PreEnqueue gates it (then parked); true when it went to activeQ.</summary>
    private bool MoveToActive(QueuedPodInfo qpi, bool runPreEnqueue = true, bool pulse = true)
    {
        if (runPreEnqueue) qpi.GatingPlugin = _preEnqueue(qpi.Pod);
        if (qpi.Gated)
        {
            _unschedulable[qpi.PodInfo.Uid] = qpi;
            return false;
        }
        _active.AddOrUpdate(qpi);
        if (pulse) Pulse();
        return true;
    }

    private void Pulse()
    {
        var old = _signal;
        _signal = NewSignal();
        old.TrySetResult();
    }

    /// <summary>Upstream's backoffQOrderingWindowDuration: one second, the flush interval.</summary>
    private static readonly TimeSpan BackoffWindow = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When the pod's backoff ends, rounded down to its ordering window; cached until the pod fails again (its counts
    /// and timestamp change only then). No backoff at all when the maximum is zero or the pod never failed.
    /// </summary>
    private DateTimeOffset BackoffExpiry(QueuedPodInfo qpi)
    {
        if (qpi.BackoffExpiration is { } cached) return cached;
        var duration = Options.PodMaxBackoff <= TimeSpan.Zero ? TimeSpan.Zero : BackoffDuration(qpi);
        if (duration == TimeSpan.Zero) return DateTimeOffset.MinValue;
        var expiry = Align(qpi.Timestamp + duration);
        qpi.BackoffExpiration = expiry;
        return expiry;
    }

    /// <summary>The start of <paramref name="t"/>'s ordering window (itself when windows are off).</summary>
    private DateTimeOffset Align(DateTimeOffset t) =>
        Options.PopFromBackoffQ ? new DateTimeOffset(t.UtcTicks - t.UtcTicks % BackoffWindow.Ticks, TimeSpan.Zero) : t;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Upstream isPodUpdated: anything but status, resourceVersion, generation and managedFields.</summary>
    private static bool IsMeaningfulUpdate(V1Pod oldPod, V1Pod newPod)
    {
        static string Strip(V1Pod p) => KubernetesJson.Serialize(new { p.Spec, p.Metadata?.Labels, p.Metadata?.Annotations, p.Metadata?.DeletionTimestamp });
        return Strip(oldPod) != Strip(newPod);
    }
}
