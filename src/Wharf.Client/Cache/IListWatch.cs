using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>How a <see cref="Reflector{T}"/> lists and watches one resource, and reads and prepares its objects.</summary>
internal interface IListWatch<T> where T : class
{
    Task<ObjectList<T>> ListAsync(ListOptions options, CancellationToken ct);

    IAsyncEnumerable<TypedWatchEvent<T>> WatchAsync(ListOptions options, CancellationToken ct);

    string? ResourceVersionOf(T obj);

    /// <summary>The object as the cache keeps it (transformed, safe to share); called once per listed or watched object.</summary>
    T Prepare(T obj);
}
