using System.Text.Json;

namespace Wharf.Client.Cache;

/// <summary>
/// What a <see cref="TypedInformer{T}"/> needs to know about its model type: the serializer options that read it
/// from the API's JSON (for Kubernetes models, the KubernetesClient models' options) and how to find an object's
/// namespace, name and resourceVersion. <see cref="Transform"/> runs on every listed or watched object before it is
/// cached (client-go's SetTransform); fields the component never reads are cheaper left out by the options.
/// </summary>
public sealed record TypedModel<T>(JsonSerializerOptions Json, Func<T, string?> Namespace, Func<T, string?> Name, Func<T, string?> ResourceVersion)
    where T : class
{
    public Func<T, T>? Transform { get; init; }

    /// <summary>The cache key, as <see cref="CacheKeys.For(string?, string)"/>.</summary>
    public string KeyOf(T obj) => CacheKeys.For(Namespace(obj), Name(obj) ?? throw new ArgumentException("object has no metadata.name", nameof(obj)));
}
