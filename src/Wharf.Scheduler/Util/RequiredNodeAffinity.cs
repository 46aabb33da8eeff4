using k8s.Models;

namespace Wharf.Scheduler.Util;

/// <summary>The pod's spec.nodeSelector plus required node affinity, both of which must match (upstream GetRequiredNodeAffinity).</summary>
public sealed class RequiredNodeAffinity
{
    private readonly IDictionary<string, string>? _nodeSelector;
    private readonly NodeSelectorMatcher? _affinity;

    public RequiredNodeAffinity(V1Pod pod)
    {
        _nodeSelector = pod.Spec?.NodeSelector is { Count: > 0 } ns ? ns : null;
        var required = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        _affinity = required is null ? null : NodeSelectorMatcher.Compile(required);
    }

    public bool Matches(V1Node node)
    {
        if (_nodeSelector is not null)
        {
            var labels = node.Metadata?.Labels;
            foreach (var (k, v) in _nodeSelector)
                if (labels is null || !labels.TryGetValue(k, out var actual) || actual != v) return false;
        }
        return _affinity is null || _affinity.Matches(node);
    }
}
