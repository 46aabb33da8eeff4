namespace Wharf.Scheduler.Config;

public sealed class PluginRef
{
    public string Name { get; set; } = "";

    /// <summary>Score weight; only meaningful for Score (and MultiPoint). 0/unset means 1.</summary>
    public int? Weight { get; set; }
}
