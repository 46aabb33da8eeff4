using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Client.Cache;

/// <summary>Built-in index names and functions.</summary>
public static class Indexers
{
    /// <summary>Index of objects by metadata.namespace (every informer has it).</summary>
    public const string Namespace = "namespace";

    public static IEnumerable<string> ByNamespace(JsonObject obj) =>
        ObjectMeta.Namespace(obj) is { } ns ? [ns] : [];
}
