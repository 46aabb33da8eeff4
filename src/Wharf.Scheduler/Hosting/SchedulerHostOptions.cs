using Wharf.Client.Cache;
using Wharf.Scheduler.Config;

namespace Wharf.Scheduler.Hosting;

/// <summary>How <see cref="SchedulerHost"/> runs: configuration, leader election and restart backoff.</summary>
public sealed record SchedulerHostOptions
{
    /// <summary>A KubeSchedulerConfiguration file (<c>--scheduler-config</c>); null = upstream's defaults.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>An already loaded configuration; takes precedence over <see cref="ConfigFile"/>.</summary>
    public KubeSchedulerConfiguration? Configuration { get; init; }

    /// <summary>Campaign for the Lease before scheduling (upstream's --leader-elect, on by default).</summary>
    public bool LeaderElect { get; init; } = true;

    public string LeaseNamespace { get; init; } = "kube-system";
    public string LeaseName { get; init; } = "kube-scheduler";

    /// <summary>This candidate's holder identity; null = hostname_uuid.</summary>
    public string? Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>First pause after the scheduling loop failed; doubled per consecutive failure up to <see cref="MaxRestartBackoff"/>.</summary>
    public TimeSpan InitialRestartBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxRestartBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// List+watch tuning of the scheduler's informers (paging, watch timeouts, backoff). The informers are typed
    /// (<see cref="TypedInformer{T}"/>), so <see cref="Client.Cache.InformerOptions.Transform"/> does not apply: they
    /// always skip managedFields while parsing (<see cref="SchedulerJson"/>), as kube-scheduler's informers strip them.
    /// </summary>
    public InformerOptions? InformerOptions { get; init; } = InformerOptions.Default with { Transform = InformerTransforms.StripManagedFields };

    /// <summary>Upstream's OpportunisticBatching feature gate (on by default); see <see cref="Scheduling.SchedulerOptions.OpportunisticBatching"/>.</summary>
    public bool OpportunisticBatching { get; init; } = true;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
