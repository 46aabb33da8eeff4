using System.Text.Json.Nodes;

namespace Wharf.Client.Cache;

/// <summary>
/// Read access to an informer's local cache. The objects are shared with every other reader:
/// never modify one, <see cref="JsonNode.DeepClone"/> it first.
/// </summary>
public interface IIndexer
{
    int Count { get; }

    JsonObject? Get(string key);

    JsonObject? Get(string? ns, string name);

    IReadOnlyList<JsonObject> List();

    IReadOnlyList<string> ListKeys();

    /// <summary>Objects whose <paramref name="indexName"/> index function produced <paramref name="value"/>.</summary>
    IReadOnlyList<JsonObject> ByIndex(string indexName, string value);
}
