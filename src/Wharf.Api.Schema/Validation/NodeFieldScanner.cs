using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Schema.Validation;

/// <summary>
/// The strict decoding check of an object already in memory (a patched object, a YAML body), without writing it
/// out as JSON first. A JSON object holds each key once, so only unknown fields can be found; the order is the
/// object's, which is the order its serialisation would have.
/// </summary>
internal sealed class NodeFieldScanner
{
    private readonly FieldPathStack _path = new();

    // Made on the first finding: a clean body (nearly every one) allocates no collections for findings.
    private FieldErrors? _errors;

    private FieldErrors Errors => _errors ??= new();

    /// <summary>The findings, or null when a value holds raw JSON structure this walk cannot see into.</summary>
    public static IReadOnlyList<string>? TryScan(JsonNode root, FieldNode node)
    {
        var scanner = new NodeFieldScanner();
        return scanner.Walk(root, node) ? (scanner._errors?.Messages ?? []) : null;
    }

    private bool Walk(JsonNode? value, FieldNode node)
    {
        switch (value)
        {
            case JsonObject obj when node.Properties is not null:
                foreach (var (name, child) in obj)
                {
                    if (!node.TryGetProperty(name, out var property))
                    {
                        Errors.Unknown(_path.Child(name));
                        continue;
                    }
                    if (!WalkChild(property.Name, child, property.Node)) return false;
                }
                return true;
            case JsonObject obj when node.MapValues is { } values:
                foreach (var (name, child) in obj)
                    if (!WalkChild(name, child, values)) return false;
                return true;
            case JsonArray array when node.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    _path.Push(i);
                    var complete = Walk(array[i], items);
                    _path.Pop();
                    if (!complete) return false;
                }
                return true;
            case JsonValue scalar:
                // A value wrapping an object or array (e.g. a JsonElement) would need the byte walk.
                return scalar.GetValueKind() is not (JsonValueKind.Object or JsonValueKind.Array);
            default:
                return true;
        }
    }

    private bool WalkChild(string name, JsonNode? child, FieldNode node)
    {
        if (child is not (JsonObject or JsonArray or JsonValue)) return true;
        _path.Push(name);
        var complete = Walk(child, node);
        _path.Pop();
        return complete;
    }
}
