using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>List and watch deserialising each item and event straight into <typeparamref name="T"/>.</summary>
internal sealed class TypedListWatch<T> : IListWatch<T>
    where T : class
{
    private readonly IApiClient _client;
    private readonly Resource _resource;
    private readonly string? _ns;
    private readonly TypedModel<T> _model;

    public TypedListWatch(IApiClient client, Resource resource, string? ns, TypedModel<T> model)
    {
        (_client, _resource, _ns, _model) = (client, resource, ns, model);
        // The serializer builds its metadata for T's whole model graph on first use (for a V1Pod, most of
        // KubernetesClient's model types): here, when the informer is made, instead of inside the first watch event,
        // which for the scheduler's pods is the first pod of a burst.
        _ = TypeInfoCache<T>.For(model.Json);
    }

    public Task<ObjectList<T>> ListAsync(ListOptions options, CancellationToken ct) => _client.ListAsync<T>(_resource, _ns, options, _model.Json, ct);

    public IAsyncEnumerable<TypedWatchEvent<T>> WatchAsync(ListOptions options, CancellationToken ct) => _client.WatchAsync<T>(_resource, _ns, options, _model.Json, ct);

    public string? ResourceVersionOf(T obj) => _model.ResourceVersion(obj);

    public T Prepare(T obj) => _model.Transform is { } transform ? transform(obj) : obj;
}
