using System.Text.Json.Nodes;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>
/// Checks an applied configuration the way upstream's typed conversion does: items of keyed/set lists must be
/// keyable and unique. (Stored objects are not checked; the walkers treat bad lists as atomic instead.)
/// </summary>
internal static class ConfigValidator
{
    /// <exception cref="PatchException">422 naming the offending list.</exception>
    public static void Validate(JsonNode? value, SchemaNode? schema, string path = "")
    {
        switch (value)
        {
            case JsonObject obj when schema is null || schema.Kind is SchemaNodeKind.Struct or SchemaNodeKind.Map or SchemaNodeKind.Untyped:
                if (schema?.IsAtomic == true)
                {
                    return;
                }

                foreach (var (key, child) in obj)
                {
                    Validate(child, schema?.Field(key), $"{path}.{key}");
                }

                return;
            case JsonArray list when schema is { Kind: SchemaNodeKind.List, IsAtomic: false }:
                if (!TypedShape.TryIndex(schema, list, out var elements, out var error))
                {
                    throw new PatchException($"{path}: {error}");
                }

                var seen = new HashSet<PathElement>();
                for (var i = 0; i < list.Count; i++)
                {
                    if (!seen.Add(elements[i]))
                    {
                        throw new PatchException($"{path}: duplicate entries for key {elements[i]}");
                    }

                    Validate(list[i], schema.Items, $"{path}{elements[i]}");
                }

                return;
        }
    }
}
