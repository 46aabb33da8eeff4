using System.Text.Json.Nodes;

namespace Wharf.Client.Cache;

/// <summary>
/// Callbacks for changes an informer observes. Each handler is called on its own loop, in order, never concurrently
/// with itself; exceptions are logged and swallowed. On delete after a re-list the object is its last known state.
/// </summary>
public sealed record ResourceEventHandler
{
    public Action<JsonObject>? OnAdd { get; init; }

    /// <summary>(old, new); both are the same object on a resync.</summary>
    public Action<JsonObject, JsonObject>? OnUpdate { get; init; }

    public Action<JsonObject>? OnDelete { get; init; }

    /// <summary>When positive, every cached object is delivered again as an update this often.</summary>
    public TimeSpan ResyncPeriod { get; init; }
}
