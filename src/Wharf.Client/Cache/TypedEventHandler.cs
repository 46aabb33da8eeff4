namespace Wharf.Client.Cache;

/// <summary>
/// Callbacks of a <see cref="TypedInformer{T}"/>, with the same contract as <see cref="ResourceEventHandler"/>:
/// called on the handler's own loop, in order, never concurrently with itself; exceptions are logged and swallowed.
/// The objects are shared with the cache and the other handlers: treat them as read-only.
/// </summary>
public sealed record TypedEventHandler<T> where T : class
{
    public Action<T>? OnAdd { get; init; }

    /// <summary>(old, new).</summary>
    public Action<T, T>? OnUpdate { get; init; }

    public Action<T>? OnDelete { get; init; }
}
