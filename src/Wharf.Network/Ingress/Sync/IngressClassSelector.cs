using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Network.Ingress.Sync;

/// <summary>
/// Decides which Ingresses this controller serves: those naming one of its classes (the configured one or any
/// IngressClass whose spec.controller is ours) in spec.ingressClassName or, failing that, in the legacy
/// annotation; and those naming none when one of its classes is marked default.
/// </summary>
internal sealed class IngressClassSelector
{
    private readonly HashSet<string> _classes;
    private readonly bool _isDefault;

    private IngressClassSelector(HashSet<string> classes, bool isDefault)
    {
        _classes = classes;
        _isDefault = isDefault;
    }

    public static IngressClassSelector From(IEnumerable<JsonObject> ingressClasses, IngressOptions options)
    {
        var classes = new HashSet<string>(StringComparer.Ordinal) { options.ClassName };
        var isDefault = false;
        foreach (var ingressClass in ingressClasses)
        {
            if (ObjectMeta.Name(ingressClass) is not { } name) continue;
            var controller = ingressClass["spec"]?["controller"] is JsonValue v && v.TryGetValue<string>(out var c) ? c : null;
            if (controller != options.ControllerName && name != options.ClassName) continue;
            classes.Add(name);
            isDefault |= string.Equals(ObjectMeta.Annotation(ingressClass, IngressResources.DefaultClassAnnotation), "true", StringComparison.OrdinalIgnoreCase);
        }
        return new IngressClassSelector(classes, isDefault);
    }

    public bool IsServed(JsonObject ingress)
    {
        if (ingress["spec"]?["ingressClassName"] is JsonValue v && v.TryGetValue<string>(out var className) && className.Length > 0)
            return _classes.Contains(className);
        if (ObjectMeta.Annotation(ingress, IngressResources.LegacyClassAnnotation) is { Length: > 0 } legacy)
            return _classes.Contains(legacy);
        return _isDefault;
    }
}
