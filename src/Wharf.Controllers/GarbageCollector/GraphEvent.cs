using System.Text.Json.Nodes;

namespace Wharf.Controllers.GarbageCollector;

internal enum GraphEventType
{
    Add,
    Update,
    Delete,
}

/// <summary>
/// A change for the graph: an informer observation (<see cref="Object"/> set), or a "virtual" delete the collector
/// itself raises after the API server said an object the graph only inferred does not exist.
/// </summary>
internal sealed record GraphEvent(GraphEventType Type, ObjectIdentity Identity, JsonObject? Object, JsonObject? Old)
{
    public bool Virtual => Object is null;

    public static GraphEvent Observed(GraphEventType type, JsonObject obj, JsonObject? old) => new(type, ObjectIdentity.Of(obj), obj, old);

    public static GraphEvent VirtualDelete(ObjectIdentity identity) => new(GraphEventType.Delete, identity, null, null);
}
