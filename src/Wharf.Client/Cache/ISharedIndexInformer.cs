namespace Wharf.Client.Cache;

/// <summary>A list+watch cache of one resource shared by every handler in the process.</summary>
public interface ISharedIndexInformer
{
    Resource Resource { get; }

    /// <summary>The local cache; read-only for callers.</summary>
    IIndexer Store { get; }

    /// <summary>True once the first complete list is in the store and queued to the handlers.</summary>
    bool HasSynced { get; }

    /// <summary>The resourceVersion the cache reflects.</summary>
    string? LastSyncResourceVersion { get; }

    /// <summary>Registers a handler; when added late it first receives every cached object as an add.</summary>
    void AddEventHandler(ResourceEventHandler handler);

    /// <summary>Adds an index (allowed before or after start).</summary>
    void AddIndexer(string name, IndexFunc func);

    Task WaitForSyncAsync(CancellationToken ct);

    /// <summary>Lists, watches and dispatches until <paramref name="ct"/> fires. Runs once.</summary>
    Task RunAsync(CancellationToken ct);
}
