namespace Wharf.Scheduler.Config;

/// <summary>Enabled/disabled plugins per extension point; MultiPoint enables a plugin at every point it implements.</summary>
public sealed class PluginsConfig
{
    public PluginSet? PreEnqueue { get; set; }
    public PluginSet? QueueSort { get; set; }
    public PluginSet? PreFilter { get; set; }
    public PluginSet? Filter { get; set; }
    public PluginSet? PostFilter { get; set; }
    public PluginSet? PreScore { get; set; }
    public PluginSet? Score { get; set; }
    public PluginSet? Reserve { get; set; }
    public PluginSet? Permit { get; set; }
    public PluginSet? PreBind { get; set; }
    public PluginSet? Bind { get; set; }
    public PluginSet? PostBind { get; set; }
    public PluginSet? MultiPoint { get; set; }

    public PluginSet? For(ExtensionPoint point) => point switch
    {
        ExtensionPoint.PreEnqueue => PreEnqueue,
        ExtensionPoint.QueueSort => QueueSort,
        ExtensionPoint.PreFilter => PreFilter,
        ExtensionPoint.Filter => Filter,
        ExtensionPoint.PostFilter => PostFilter,
        ExtensionPoint.PreScore => PreScore,
        ExtensionPoint.Score => Score,
        ExtensionPoint.Reserve => Reserve,
        ExtensionPoint.Permit => Permit,
        ExtensionPoint.PreBind => PreBind,
        ExtensionPoint.Bind => Bind,
        ExtensionPoint.PostBind => PostBind,
        _ => null,
    };
}
