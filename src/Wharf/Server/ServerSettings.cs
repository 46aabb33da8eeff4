namespace Wharf.Server;

/// <summary>What <c>wharf server</c> decides beyond the API server's own options: which components run and how.</summary>
internal sealed record ServerSettings
{
    /// <summary>--scheduler-config: a KubeSchedulerConfiguration file for the built-in scheduler.</summary>
    public string? SchedulerConfig { get; init; }

    /// <summary>--kube-scheduler-arg feature-gates=…: the built-in scheduler's feature gates.</summary>
    public Scheduler.Config.SchedulerFeatureGates SchedulerFeatureGates { get; init; } = new();

    /// <summary>--registry-config: registries.yaml for the embedded agent.</summary>
    public string? RegistryConfig { get; init; }

    /// <summary>False with --disable-agent.</summary>
    public bool RunAgent { get; init; } = true;

    /// <summary>False with --disable-scheduler (k3s' flag): another scheduler places the pods, or nobody does.</summary>
    public bool RunScheduler { get; init; } = true;

    /// <summary>False with --disable-controller-manager (k3s' flag).</summary>
    public bool RunControllerManager { get; init; } = true;

    public Node.NodeNetworkSettings Network { get; init; } = new();

    /// <summary>--kube-controller-manager-arg NAME=VALUE, as k3s passes them.</summary>
    public IReadOnlyList<string> ControllerManagerArgs { get; init; } = [];
}
