using System.Text.Json.Nodes;

namespace Wharf.Controllers.NodeLifecycle;

/// <summary>What taint eviction does with one pod: nothing (and cancel a pending eviction), evict now, or evict at <see cref="At"/>.</summary>
public sealed record EvictionDecision(EvictionAction Action, DateTimeOffset? At = null)
{
    public static readonly EvictionDecision Cancel = new(EvictionAction.Cancel);
    public static readonly EvictionDecision Now = new(EvictionAction.EvictNow);

    /// <summary>
    /// Upstream's processPodOnNode: a NoExecute taint the pod does not tolerate evicts it at once; tolerations with
    /// tolerationSeconds evict it that long after the eviction was first scheduled (<paramref name="scheduledSince"/>,
    /// kept while taints stay, so a taint change does not restart the clock); tolerations without one keep it.
    /// </summary>
    public static EvictionDecision For(JsonObject pod, IReadOnlyList<JsonObject> noExecuteTaints, DateTimeOffset? scheduledSince, DateTimeOffset now)
    {
        if (noExecuteTaints.Count == 0) return Cancel;
        var tolerated = Tolerations.TimeToleratedOn(pod, noExecuteTaints);
        if (tolerated is not { } span) return Now;
        if (span == Timeout.InfiniteTimeSpan) return Cancel;
        var at = (scheduledSince ?? now) + span;
        return at <= now ? Now : new EvictionDecision(EvictionAction.EvictAt, at);
    }
}
