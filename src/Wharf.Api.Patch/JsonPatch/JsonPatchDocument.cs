using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.JsonPatch;

/// <summary>
/// RFC 6902 JSON Patch as the Kubernetes API server applies it (evanphx/json-patch v4 semantics): negative array
/// indexes count from the end, <c>-</c> appends, <c>replace</c> on a missing object key adds it, and errors carry
/// upstream's messages. Inputs are never mutated.
/// </summary>
public static class JsonPatchDocument
{
    /// <summary>Upstream's cap on operations per JSON patch request.</summary>
    public const int MaxOperations = 10000;

    /// <summary>Applies <paramref name="patch"/> (a JSON array of operations) to a copy of <paramref name="document"/>.</summary>
    /// <exception cref="PatchException">400 for a malformed patch, 422 when an operation does not apply.</exception>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        var operations = Decode(patch);
        var root = JsonNodes.Clone(document);
        foreach (var operation in operations)
        {
            root = JsonPatchOperation.Apply(root, operation);
        }

        return root;
    }

    /// <summary>Parses and applies a UTF-8 patch body.</summary>
    public static JsonNode? Apply(JsonNode? document, ReadOnlySpan<byte> utf8Patch) =>
        Apply(document, PatchDocuments.Parse(utf8Patch));

    private static IReadOnlyList<JsonPatchOperation> Decode(JsonNode? patch)
    {
        if (patch is not JsonArray array)
        {
            throw PatchException.BadRequest(
                $"json: cannot unmarshal {JsonNodes.KindOf(patch).ToString().ToLowerInvariant()} into Go value of type jsonpatch.Patch");
        }

        if (array.Count > MaxOperations)
        {
            throw new PatchException(
                $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {array.Count}",
                PatchFailure.TooLarge);
        }

        var operations = new List<JsonPatchOperation>(array.Count);
        foreach (var item in array)
        {
            operations.Add(JsonPatchOperation.Decode(item));
        }

        return operations;
    }
}
