using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Wharf.Api.Schema.Descriptions;

/// <summary>
/// Maps OpenAPI definition names to the KubernetesClient model types. The client's generator names a model after
/// the last two segments of the definition (<c>io.k8s.api.apps.v1.DeploymentSpec</c> → <c>V1DeploymentSpec</c>)
/// and, where two definitions would collide, after the last three (<c>core.v1.EventSeries</c> →
/// <c>Corev1EventSeries</c>, <c>events.v1.EventSeries</c> → <c>Eventsv1EventSeries</c>); the segments are
/// concatenated and Pascal-cased, so matching is case-insensitive.
/// </summary>
internal sealed class ModelTypeMap
{
    private readonly Dictionary<string, Type> _typesByDefinition;

    public ModelTypeMap(IEnumerable<string> definitionNames)
    {
        var names = definitionNames.Where(n => n.StartsWith("io.k8s.", StringComparison.Ordinal)).ToList();
        var modelTypes = typeof(V1Pod).Assembly.GetTypes()
            .Where(t => t.Namespace == "k8s.Models" && t.IsPublic)
            .GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        var segments = ShortestUniqueSuffixes(names);
        _typesByDefinition = new(StringComparer.Ordinal);
        foreach (var name in names)
        {
            // The preferred candidate first; the others cover collisions that exist in only one of the two specs.
            var parts = name.Split('.');
            int[] widths = [segments[name], 2, 3];
            foreach (var width in widths.Distinct().Where(w => w <= parts.Length))
            {
                if (modelTypes.TryGetValue(string.Concat(parts[^width..]), out var type))
                {
                    _typesByDefinition[name] = type;
                    break;
                }
            }
        }
        if (names.Contains(IntOrStringDefinition)) _typesByDefinition[IntOrStringDefinition] = typeof(IntOrString);
    }

    private const string IntOrStringDefinition = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

    public Type? GetModelType(string definitionName) => _typesByDefinition.GetValueOrDefault(definitionName);

    /// <summary>The C# property name behind a JSON field, from the model's <c>[JsonPropertyName]</c>.</summary>
    public string? GetPropertyName(Type modelType, string jsonName) =>
        _propertiesByType.GetOrAdd(modelType, static type => type
                .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (Json: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.Name))
                .Where(p => p.Json is not null)
                .GroupBy(p => p.Json!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal))
            .GetValueOrDefault(jsonName);

    private readonly ConcurrentDictionary<Type, Dictionary<string, string>> _propertiesByType = new();

    /// <summary>How many trailing segments each name needs so that no two names share them (2 at least).</summary>
    private static Dictionary<string, int> ShortestUniqueSuffixes(List<string> names)
    {
        var widths = names.ToDictionary(n => n, _ => 2, StringComparer.Ordinal);
        while (true)
        {
            var clashing = names
                .GroupBy(n => Suffix(n, widths[n]), StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .SelectMany(g => g)
                .Where(n => widths[n] < n.Split('.').Length)
                .ToList();
            if (clashing.Count == 0) return widths;
            foreach (var name in clashing) widths[name]++;
        }
    }

    private static string Suffix(string name, int width) => string.Join('.', name.Split('.')[^Math.Min(width, name.Split('.').Length)..]);
}
