using System.Text.Json;

namespace Wharf.Scheduler.Config;

/// <summary>Typed args for one plugin, kept as JSON until the plugin's factory reads them.</summary>
public sealed class PluginConfigEntry
{
    public string Name { get; set; } = "";

    public JsonElement? Args { get; set; }
}
