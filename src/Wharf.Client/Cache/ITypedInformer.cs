namespace Wharf.Client.Cache;

/// <summary>The part of a <see cref="TypedInformer{T}"/> that does not depend on its model type.</summary>
public interface ITypedInformer
{
    Resource Resource { get; }

    /// <summary>True once the first complete list is in the cache and queued to the handlers.</summary>
    bool HasSynced { get; }

    /// <summary>How many objects the cache holds.</summary>
    int Count { get; }

    /// <summary>The resourceVersion the cache reflects.</summary>
    string? LastSyncResourceVersion { get; }

    Task WaitForSyncAsync(CancellationToken ct);

    /// <summary>Lists, watches and dispatches until <paramref name="ct"/> fires. Runs once.</summary>
    Task RunAsync(CancellationToken ct);
}
