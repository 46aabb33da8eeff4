using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.MergePatch;

/// <summary>
/// RFC 7386 JSON Merge Patch with the API server's (evanphx/json-patch) handling of nulls: a null member deletes,
/// nulls inside newly added objects are pruned, arrays replace wholesale. Inputs are never mutated.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>Merges <paramref name="patch"/> into a copy of <paramref name="target"/>.</summary>
    /// <exception cref="PatchException">400 when the patch is neither an object nor an array.</exception>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        switch (patch)
        {
            case JsonObject patchObject when target is JsonObject targetObject:
                var result = (JsonObject)targetObject.DeepClone();
                MergeInto(result, patchObject);
                return result;
            case JsonObject or JsonArray:
                return Pruned(patch);
            default:
                throw PatchException.BadRequest("Invalid JSON Patch");
        }
    }

    public static JsonNode? Apply(JsonNode? target, ReadOnlySpan<byte> utf8Patch) =>
        Apply(target, PatchDocuments.Parse(utf8Patch));

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            target.TryGetPropertyValue(key, out var current);
            switch (current)
            {
                case JsonObject currentObject when value is JsonObject valueObject:
                    // target is already our private copy, so nested objects merge in place.
                    MergeInto(currentObject, valueObject);
                    break;
                case JsonObject:
                    // Upstream returns a non-object patch over an object unpruned.
                    target[key] = value.DeepClone();
                    break;
                default:
                    target[key] = Pruned(value);
                    break;
            }
        }
    }

    /// <summary>Copy of a value added where nothing existed: null object members are dropped at every depth.</summary>
    private static JsonNode? Pruned(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                var outObj = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    if (child is not null)
                    {
                        outObj[key] = Pruned(child);
                    }
                }

                return outObj;
            case JsonArray arr:
                var outArr = new JsonArray();
                foreach (var child in arr)
                {
                    outArr.Add(Pruned(child));
                }

                return outArr;
            default:
                return JsonNodes.Clone(value);
        }
    }
}
