using System.Text.Json.Nodes;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// What the collector's monitors keep of an object: its type and the metadata the graph reads (identity, owners,
/// finalizers, deletion state) plus the resourceVersion the informer needs. Every object of the cluster is held once
/// per monitor, so labels, annotations and managedFields (most of the metadata's bytes) are dropped on arrival.
/// </summary>
internal static class GraphMetadata
{
    private static readonly string[] KeptMetadata = ["name", "namespace", "uid", "resourceVersion", "ownerReferences", "finalizers", "deletionTimestamp"];

    public static JsonObject Trim(JsonObject obj)
    {
        var metadata = new JsonObject();
        if (obj["metadata"] is JsonObject source)
        {
            foreach (var name in KeptMetadata)
            {
                if (source[name] is { } value) metadata[name] = value.DeepClone();
            }
        }
        return new JsonObject
        {
            ["apiVersion"] = obj["apiVersion"]?.DeepClone(),
            ["kind"] = obj["kind"]?.DeepClone(),
            ["metadata"] = metadata,
        };
    }
}
