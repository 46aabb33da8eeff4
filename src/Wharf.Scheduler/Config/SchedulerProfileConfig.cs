namespace Wharf.Scheduler.Config;

public sealed class SchedulerProfileConfig
{
    public const string DefaultSchedulerName = "default-scheduler";

    public string SchedulerName { get; set; } = DefaultSchedulerName;

    /// <summary>Overrides the global value for this profile when set.</summary>
    public int? PercentageOfNodesToScore { get; set; }

    public PluginsConfig? Plugins { get; set; }

    public List<PluginConfigEntry> PluginConfig { get; set; } = [];
}
