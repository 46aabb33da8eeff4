using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>Value equality for sequences of JSON nodes.</summary>
internal sealed class JsonNodeComparer : IEqualityComparer<JsonNode?>
{
    public static readonly JsonNodeComparer Instance = new();

    public bool Equals(JsonNode? x, JsonNode? y) => JsonNodes.DeepEquals(x, y);

    public int GetHashCode(JsonNode? obj) => StringComparer.Ordinal.GetHashCode(JsonNodes.Canonical(obj));
}
