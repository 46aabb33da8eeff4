namespace Wharf.Scheduler.Config;

/// <summary>kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration (the fields Wharf honours).</summary>
public sealed class KubeSchedulerConfiguration
{
    public const string ApiVersionV1 = "kubescheduler.config.k8s.io/v1";
    public const string KindName = "KubeSchedulerConfiguration";

    public string? ApiVersion { get; set; } = ApiVersionV1;
    public string? Kind { get; set; } = KindName;

    /// <summary>Degree of parallelism of Filter/Score over nodes (upstream default 16).</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>0 or unset = upstream's adaptive percentage.</summary>
    public int? PercentageOfNodesToScore { get; set; }

    public long PodInitialBackoffSeconds { get; set; } = 1;
    public long PodMaxBackoffSeconds { get; set; } = 10;

    public List<SchedulerProfileConfig> Profiles { get; set; } = [];
}
