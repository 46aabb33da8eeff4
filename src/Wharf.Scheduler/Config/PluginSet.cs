namespace Wharf.Scheduler.Config;

public sealed class PluginSet
{
    public List<PluginRef> Enabled { get; set; } = [];

    /// <summary>Names to remove; "*" removes every default plugin at this point.</summary>
    public List<PluginRef> Disabled { get; set; } = [];
}
