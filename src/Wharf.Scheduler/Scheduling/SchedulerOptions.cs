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

    /// <summary>Where the loop counts; pass one in to keep the counters across loop restarts. Null = a fresh set.</summary>
    public SchedulerMetrics? Metrics { get; init; }
}
