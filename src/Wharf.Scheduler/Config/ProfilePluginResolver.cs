namespace Wharf.Scheduler.Config;

/// <summary>
/// Turns a profile's plugin config into the ordered plugin list of each extension point, with upstream's rules:
/// defaults come as MultiPoint; "*" disables all defaults; a plugin enabled explicitly at a point overrides its
/// MultiPoint entry there; order = overridden MultiPoint plugins, other MultiPoint plugins, then other explicit ones.
/// </summary>
public static class ProfilePluginResolver
{
    public sealed record Resolved(IReadOnlyDictionary<ExtensionPoint, IReadOnlyList<string>> Points, IReadOnlyDictionary<string, int> ScoreWeights);

    /// <param name="implements">Whether the named plugin implements the extension point.</param>
    public static Resolved Resolve(PluginsConfig? plugins, Func<string, ExtensionPoint, bool> implements)
    {
        var multi = new List<(string Name, int Weight)>();
        var mpDisabled = Names(plugins?.MultiPoint?.Disabled);
        if (!mpDisabled.Contains("*"))
            multi.AddRange(DefaultPlugins.MultiPoint.Where(p => !mpDisabled.Contains(p.Name)));
        foreach (var e in plugins?.MultiPoint?.Enabled ?? [])
        {
            var i = multi.FindIndex(p => p.Name == e.Name);
            if (i >= 0) multi[i] = (e.Name, e.Weight ?? multi[i].Weight);
            else multi.Add((e.Name, e.Weight ?? 0));
        }

        var points = new Dictionary<ExtensionPoint, IReadOnlyList<string>>();
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var point in Enum.GetValues<ExtensionPoint>())
        {
            var set = plugins?.For(point);
            var disabled = Names(set?.Disabled);
            var explicitOnes = (set?.Enabled ?? []).Select(e => e.Name).Distinct().ToList();
            foreach (var name in explicitOnes)
                if (!implements(name, point)) throw new InvalidSchedulerConfigException([$"plugin \"{name}\" does not extend {point} plugin"]);
            var multiNames = multi.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
            var list = new List<string>();
            list.AddRange(explicitOnes.Where(multiNames.Contains));
            if (!disabled.Contains("*"))
                list.AddRange(multi.Select(m => m.Name).Where(n => implements(n, point) && !disabled.Contains(n) && !explicitOnes.Contains(n)));
            list.AddRange(explicitOnes.Where(n => !multiNames.Contains(n)));
            points[point] = list;
        }
        foreach (var name in points[ExtensionPoint.Score])
        {
            var explicitWeight = plugins?.Score?.Enabled.FirstOrDefault(e => e.Name == name)?.Weight;
            var multiWeight = multi.FirstOrDefault(m => m.Name == name).Weight;
            weights[name] = explicitWeight is > 0 ? explicitWeight.Value : multiWeight > 0 ? multiWeight : 1;
        }
        return new Resolved(points, weights);
    }

    /// <summary>Every plugin name mentioned as enabled anywhere (the set to instantiate).</summary>
    public static IReadOnlyList<string> EnabledNames(PluginsConfig? plugins)
    {
        var mpDisabled = Names(plugins?.MultiPoint?.Disabled);
        var names = new List<string>();
        if (!mpDisabled.Contains("*")) names.AddRange(DefaultPlugins.MultiPoint.Select(p => p.Name).Where(n => !mpDisabled.Contains(n)));
        if (plugins is not null)
        {
            names.AddRange(plugins.MultiPoint?.Enabled.Select(e => e.Name) ?? []);
            foreach (var point in Enum.GetValues<ExtensionPoint>()) names.AddRange(plugins.For(point)?.Enabled.Select(e => e.Name) ?? []);
        }
        return [.. names.Distinct()];
    }

    private static HashSet<string> Names(List<PluginRef>? refs) => [.. (refs ?? []).Select(r => r.Name)];
}
