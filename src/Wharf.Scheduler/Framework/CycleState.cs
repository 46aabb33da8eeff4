using System.Runtime.CompilerServices;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// Per-cycle scratch space. Written by PreFilter/PreScore (sequential), read by Filter/Score (parallel),
/// so reads take no lock; writes are serialised by the cycle itself.
/// </summary>
public sealed class CycleState
{
    private readonly object _lock = new();
    // Indexed by StateKey.Slot; replaced (never resized in place) when a write needs a larger array, so that the
    // parallel Filter/Score readers always see a whole array.
    private IStateData?[] _slots = new IStateData?[Math.Max(8, StateSlots.Count)];

    /// <summary>Plugins whose PreFilter returned Skip; their Filter is not called this cycle.</summary>
    public HashSet<string> SkipFilterPlugins { get; private set; } = [];

    /// <summary>Plugins whose PreScore returned Skip; their Score is not called this cycle.</summary>
    public HashSet<string> SkipScorePlugins { get; private set; } = [];

    private FilterPlan? _filterPlan;

    /// <summary>
    /// The queue's <see cref="Framework.PodInfo"/> of the pod this cycle schedules, when the loop has it: PreFilter
    /// and PreScore plugins need the pod's requests and affinity terms, and each built its own (five per cycle).
    /// </summary>
    public PodInfo? PodInfo { get; set; }

    /// <summary>
    /// <see cref="PodInfo"/> when it is for this very pod object, else a fresh one: a PodInfo is a pure function of
    /// its pod, so the shared one gives the same answers.
    /// </summary>
    public PodInfo PodInfoFor(k8s.Models.V1Pod pod) =>
        PodInfo is { } info && ReferenceEquals(info.Pod, pod) ? info : new PodInfo(pod);

    /// <summary>
    /// The plugins of <paramref name="all"/> whose Filter runs this cycle (not in <see cref="SkipFilterPlugins"/>),
    /// worked out once per cycle rather than as one set lookup per plugin per node (5 skipped of 13, over 500 nodes
    /// per pod), with their Filter methods as delegates: one interface call site shared by eight plugin types went
    /// through the runtime's polymorphic dispatch stubs on every call (5–7 % of the scheduler's samples), where a
    /// delegate is a plain indirect call. Recomputed if the skip set grew since; safe to call from the parallel
    /// Filter workers (one reference is published, and equal plans are interchangeable).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    internal FilterPlan FiltersToRun(IFilterPlugin[] all)
    {
        var plan = _filterPlan;
        if (plan is not null && ReferenceEquals(plan.All, all) && plan.SkipCount == SkipFilterPlugins.Count) return plan;
        plan = FilterPlan.Of(all, SkipFilterPlugins);
        _filterPlan = plan;
        return plan;
    }

    public void Write<T>(StateKey<T> key, T value) where T : class, IStateData
    {
        lock (_lock) SetSlot(key.Slot, value);
    }

    [MethodImpl(HotPath.Options)]
    public T? TryRead<T>(StateKey<T> key) where T : class, IStateData
    {
        var slots = Volatile.Read(ref _slots);
        var slot = key.Slot;
        return slot < slots.Length ? (T?)slots[slot] : null;
    }

    /// <summary>Reads state a PreFilter must have written; a miss is a framework bug, reported as an Error status by callers.</summary>
    public T Read<T>(StateKey<T> key) where T : class, IStateData =>
        TryRead(key) ?? throw new InvalidOperationException($"error reading \"{key.Name}\" from cycleState: not found");

    public void Delete<T>(StateKey<T> key) where T : class, IStateData
    {
        lock (_lock)
            if (key.Slot < _slots.Length) _slots[key.Slot] = null;
    }

    public CycleState Clone()
    {
        var copy = new CycleState
        {
            SkipFilterPlugins = [.. SkipFilterPlugins],
            SkipScorePlugins = [.. SkipScorePlugins],
            // Immutable and valid for the copied skip set: preemption's dry run clones the state per candidate node
            // and would otherwise bind the plugins' delegates again in every clone.
            _filterPlan = _filterPlan,
            PodInfo = PodInfo,
        };
        lock (_lock)
        {
            var slots = new IStateData?[_slots.Length];
            for (var i = 0; i < slots.Length; i++) slots[i] = _slots[i]?.Copy();
            copy._slots = slots;
        }
        return copy;
    }

    private void SetSlot(int slot, IStateData value)
    {
        if (slot >= _slots.Length)
        {
            var grown = new IStateData?[Math.Max(slot + 1, _slots.Length * 2)];
            _slots.CopyTo(grown, 0);
            Volatile.Write(ref _slots, grown);
        }
        _slots[slot] = value;
    }

}
