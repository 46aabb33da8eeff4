using System.Collections.Concurrent;
using k8s.Models;

namespace Wharf.Controllers.Deployment;

/// <summary>
/// The template keys (<see cref="RolloutMath.TemplateKey"/>) of Deployments and ReplicaSets across passes, by uid and
/// generation: a template changes only with a spec change, which raises the generation, while every pass asks for
/// the key of each ReplicaSet (serialising and canonicalising its template) to find the new one.
/// </summary>
internal sealed class TemplateKeys
{
    /// <summary>Past this many entries the cache starts over: stale generations are never asked for again.</summary>
    private const int Capacity = 20_000;

    private readonly ConcurrentDictionary<(string Uid, long Generation), string> _keys = new();

    public string Of(V1ObjectMeta? meta, V1PodTemplateSpec? template)
    {
        if (meta?.Uid is not { Length: > 0 } uid || meta.Generation is not { } generation) return RolloutMath.TemplateKey(template);
        if (_keys.TryGetValue((uid, generation), out var key)) return key;
        if (_keys.Count >= Capacity) _keys.Clear();
        return _keys[(uid, generation)] = RolloutMath.TemplateKey(template);
    }
}
