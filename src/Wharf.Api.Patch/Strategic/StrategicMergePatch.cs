using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Strategic;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) as apimachinery's strategicpatch applies
/// it server-side. Without a schema (CRDs, unknown kinds, undeclared fields) maps merge and lists are replaced,
/// i.e. JSON merge patch semantics plus the directives. Inputs are never mutated.
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="original"/>.</summary>
    /// <param name="schema">Schema of the object's kind (from <see cref="IPatchSchema.FindKind"/>), or null.</param>
    /// <exception cref="PatchException">400 for malformed patches/directives, 422 when the patch cannot be applied.</exception>
    public static JsonObject Apply(JsonObject original, JsonNode? patch, SchemaNode? schema)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (patch is not JsonObject patchObject)
        {
            throw StrategicErrors.BadJsonDocument();
        }

        var result = StrategicMapMerger.Merge((JsonObject)original.DeepClone(), (JsonObject)patchObject.DeepClone(), schema);
        PatchValues.StripDirectiveKeys(result);
        return result;
    }

    public static JsonObject Apply(JsonObject original, ReadOnlySpan<byte> utf8Patch, SchemaNode? schema) =>
        Apply(original, PatchDocuments.Parse(utf8Patch), schema);
}
