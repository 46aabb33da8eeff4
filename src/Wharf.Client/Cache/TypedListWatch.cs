using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>List and watch deserialising each item and event straight into <typeparamref name="T"/>.</summary>
internal sealed class TypedListWatch<T>(IApiClient client, Resource resource, string? ns, TypedModel<T> model) : IListWatch<T>
    where T : class
{
    public Task<ObjectList<T>> ListAsync(ListOptions options, CancellationToken ct) => client.ListAsync<T>(resource, ns, options, model.Json, ct);

    public IAsyncEnumerable<TypedWatchEvent<T>> WatchAsync(ListOptions options, CancellationToken ct) => client.WatchAsync<T>(resource, ns, options, model.Json, ct);

    public string? ResourceVersionOf(T obj) => model.ResourceVersion(obj);

    public T Prepare(T obj) => model.Transform is { } transform ? transform(obj) : obj;
}
