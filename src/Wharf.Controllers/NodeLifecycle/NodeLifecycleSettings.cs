namespace Wharf.Controllers.NodeLifecycle;

/// <summary>kube-controller-manager's node monitoring and eviction flags, with upstream's defaults.</summary>
/// <param name="MonitorPeriod">--node-monitor-period: how often each node's health is checked.</param>
/// <param name="GracePeriod">--node-monitor-grace-period: silence after which a node's conditions become Unknown.</param>
/// <param name="StartupGracePeriod">--node-startup-grace-period: the same for a node that never posted Ready.</param>
public sealed record NodeLifecycleSettings(TimeSpan MonitorPeriod, TimeSpan GracePeriod, TimeSpan StartupGracePeriod)
{
    public static readonly NodeLifecycleSettings Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60));

    /// <summary>--node-eviction-rate: nodes per second of a healthy zone that get a NoExecute taint.</summary>
    public double EvictionRate { get; init; } = 0.1;

    /// <summary>--secondary-node-eviction-rate: the same for a large zone in partial disruption.</summary>
    public double SecondaryEvictionRate { get; init; } = 0.01;

    /// <summary>--unhealthy-zone-threshold: the share of not-Ready nodes (more than two) that makes a zone partially disrupted.</summary>
    public double UnhealthyZoneThreshold { get; init; } = 0.55;

    /// <summary>--large-cluster-size-threshold: zones up to this size stop tainting when partially disrupted.</summary>
    public int LargeClusterSizeThreshold { get; init; } = 50;

    /// <summary>Upstream's setLimiterInZone: the taint rate for a zone of this state and size.</summary>
    public double RateFor(ZoneState state, int zoneSize) => state switch
    {
        ZoneState.PartialDisruption => zoneSize > LargeClusterSizeThreshold ? SecondaryEvictionRate : 0,
        _ => EvictionRate,
    };
}
