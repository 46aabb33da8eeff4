namespace Wharf.Scheduler.Framework;

/// <summary>Name → factory map; out-of-tree plugins are added the same way as in-tree ones.</summary>
public sealed class PluginRegistry
{
    private readonly Dictionary<string, Func<PluginContext, IPlugin>> _factories = new(StringComparer.Ordinal);

    public IEnumerable<string> Names => _factories.Keys;

    public PluginRegistry Register(string name, Func<PluginContext, IPlugin> factory)
    {
        if (!_factories.TryAdd(name, factory)) throw new InvalidOperationException($"a plugin named {name} already exists");
        return this;
    }

    public bool TryGet(string name, out Func<PluginContext, IPlugin> factory) => _factories.TryGetValue(name, out factory!);
}
