using Wharf.Scheduler.Config;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;

namespace Wharf.Scheduler.Scheduling;

/// <summary>Everything a <see cref="SchedulingLoop"/> is built from besides the cluster seam.</summary>
public sealed record SchedulerOptions
{
    public KubeSchedulerConfiguration Configuration { get; init; } = SchedulerConfigLoader.WithDefaults(new KubeSchedulerConfiguration());
    public PluginRegistry Registry { get; init; } = InTreeRegistry.Create();
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Tie-break and preemption-offset randomness; injectable for deterministic tests.</summary>
    public Func<int, int> Random { get; init; } = System.Random.Shared.Next;

    /// <summary>0 = assumed pods never expire (upstream default).</summary>
    public TimeSpan AssumedPodTtl { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Binding cycles allowed in PreBind/Bind at once. Upstream binds in a goroutine per pod, throttled by its
    /// client's QPS; here the cap keeps the binds on one HTTP/2 connection (Kestrel allows 100 streams, the watches
    /// hold some), because past it the client opens more connections and both ends pay TLS handshakes under load.
    /// </summary>
    public int MaxBindsInFlight { get; init; } = 64;

    /// <summary>
    /// Upstream's feature gate OpportunisticBatching (beta, on by default since v1.35): reuse a cycle's ranking for
    /// the next pod with the same signature when each pod fills its node (see <see cref="Batching.OpportunisticBatch"/>).
    /// </summary>
    public bool OpportunisticBatching { get; init; } = true;

    /// <summary>Where the loop counts; pass one in to keep the counters across loop restarts. Null = a fresh set.</summary>
    public SchedulerMetrics? Metrics { get; init; }
}
