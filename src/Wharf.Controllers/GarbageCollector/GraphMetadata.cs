using Wharf.Client.Cache;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// What the collector's monitors keep of an object: its type and the metadata the graph reads (identity, owners,
/// finalizers, deletion state) plus the resourceVersion the informer needs. Every object of the cluster is held once
/// per monitor, so labels, annotations and managedFields (most of the metadata's bytes) are skipped as each event is
/// read, never built (see <see cref="MetadataProjection"/>).
/// </summary>
internal static class GraphMetadata
{
    public static MetadataProjection Projection { get; } =
        new("name", "namespace", "uid", "resourceVersion", "ownerReferences", "finalizers", "deletionTimestamp");
}
