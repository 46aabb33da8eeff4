namespace Wharf.Controllers.NodeLifecycle;

/// <summary>kube-controller-manager's node monitoring flags, with upstream's defaults.</summary>
/// <param name="MonitorPeriod">--node-monitor-period: how often each node's health is checked.</param>
/// <param name="GracePeriod">--node-monitor-grace-period: silence after which a node's conditions become Unknown.</param>
/// <param name="StartupGracePeriod">--node-startup-grace-period: the same for a node that never posted Ready.</param>
public sealed record NodeLifecycleSettings(TimeSpan MonitorPeriod, TimeSpan GracePeriod, TimeSpan StartupGracePeriod)
{
    public static readonly NodeLifecycleSettings Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60));
}
