using Wharf.Client.Cache;
using Wharf.Client.LeaderElection;
using Wharf.Controllers.NodeLifecycle;

namespace Wharf.Controllers.Manager;

/// <summary>What <c>wharf server</c> configures of the controller manager (kube-controller-manager's flags in comments).</summary>
public sealed record ControllerManagerOptions
{
    /// <summary>--controllers: names from <see cref="ControllerNames"/>, <c>*</c> for all, <c>-name</c> to leave one out.</summary>
    public IReadOnlyList<string> Controllers { get; init; } = ["*"];

    /// <summary>The cluster CA certificate (PEM) the root-ca-cert-publisher puts in every namespace.</summary>
    public string? RootCaPem { get; init; }

    /// <summary>--cluster-cidr: the range node IPAM hands out per-node pod CIDRs from.</summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>--leader-elect</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>--leader-elect-resource-namespace / -name</summary>
    public string LeaseNamespace { get; init; } = "kube-system";
    public string LeaseName { get; init; } = "wharf-controller-manager";

    public string Identity { get; init; } = LeaderElectionConfig.NewIdentity();

    /// <summary>--leader-elect-lease-duration, --leader-elect-renew-deadline, --leader-elect-retry-period</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>--concurrent-namespace-syncs</summary>
    public int ConcurrentNamespaceSyncs { get; init; } = 10;

    /// <summary>--concurrent-serviceaccount-syncs (upstream runs one worker)</summary>
    public int ConcurrentServiceAccountSyncs { get; init; } = 1;

    public int ConcurrentRootCaSyncs { get; init; } = 1;

    /// <summary>--node-monitor-period, --node-monitor-grace-period (40 s), --node-startup-grace-period.</summary>
    public NodeLifecycleSettings NodeLifecycle { get; init; } = NodeLifecycleSettings.Default;

    /// <summary>--terminated-pod-gc-threshold: finished pods kept before the oldest are deleted (0 or less: never).</summary>
    public int TerminatedPodGcThreshold { get; init; } = 12500;

    public InformerOptions Informers { get; init; } = InformerOptions.Default;

    /// <summary>The cloud provider behind the cloud controllers (default: Wharf's local one, k3s' ServiceLB).</summary>
    public Func<ControllerContext, Cloud.ICloudProvider> CloudProvider { get; init; } = c => new Cloud.Local.LocalCloudProvider(c);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
