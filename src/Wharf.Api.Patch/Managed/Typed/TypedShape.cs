using System.Text.Json.Nodes;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>
/// Decides the shape of values at a schema position. Without a schema, objects are granular maps and arrays are
/// atomic (upstream's "deduced" type); values that contradict the schema, or lists whose items cannot be keyed,
/// degrade to leaves instead of failing, so tracking never breaks on odd stored data.
/// </summary>
internal static class TypedShape
{
    public static ShapeKind Resolve(SchemaNode? schema, JsonNode? left, JsonNode? right) => Resolve(schema, left, right, out _, out _);

    /// <summary>
    /// As <see cref="Resolve(SchemaNode?, JsonNode?, JsonNode?)"/>; for <see cref="ShapeKind.List"/> also the path
    /// elements of both lists' items (indexing them is how a list is found granular, and costs a key per item).
    /// </summary>
    public static ShapeKind Resolve(SchemaNode? schema, JsonNode? left, JsonNode? right, out List<PathElement>? leftElements, out List<PathElement>? rightElements)
    {
        leftElements = null;
        rightElements = null;
        var a = Natural(schema, left);
        var b = Natural(schema, right);
        var shape = (a, b) switch
        {
            (null, null) => ShapeKind.Leaf,
            (null, _) => b!.Value,
            (_, null) => a.Value,
            _ => a == b ? a.Value : ShapeKind.Leaf,
        };

        if (shape == ShapeKind.List && (!TryIndex(schema, left as JsonArray, out leftElements, out _) || !TryIndex(schema, right as JsonArray, out rightElements, out _)))
        {
            leftElements = rightElements = null;
            return ShapeKind.Leaf;
        }

        return shape;
    }

    public static ShapeKind Resolve(SchemaNode? schema, JsonNode? value) => Resolve(schema, value, null);

    /// <summary>True when <paramref name="key"/> is a declared struct field (upstream's FindField).</summary>
    public static bool IsDeclaredField(SchemaNode? schema, string key) => schema?.HasDeclaredField(key) == true;

    /// <summary>Path elements of a granular list's items (keys or values); false with a reason when impossible.</summary>
    public static bool TryIndex(SchemaNode? listSchema, JsonArray? list, out List<PathElement> elements, out string? error)
    {
        elements = new List<PathElement>(list?.Count ?? 0);
        error = null;
        if (list is null)
        {
            return true;
        }

        if (listSchema is null)
        {
            error = "list has no schema";
            return false;
        }

        foreach (var item in list)
        {
            var element = listSchema.ListType switch
            {
                ListType.Map => KeyOf(listSchema, item, out error),
                ListType.Set => ValueOf(item, out error),
                _ => null,
            };
            if (element is null)
            {
                error ??= "invalid indexing of non-associative list";
                return false;
            }

            elements.Add(element);
        }

        return true;
    }

    private static ShapeKind? Natural(SchemaNode? schema, JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        switch (schema?.Kind ?? SchemaNodeKind.Untyped)
        {
            case SchemaNodeKind.Untyped:
                return value is JsonObject ? ShapeKind.Map : ShapeKind.Leaf;
            case SchemaNodeKind.Struct:
            case SchemaNodeKind.Map:
                return !schema!.IsAtomic && value is JsonObject ? ShapeKind.Map : ShapeKind.Leaf;
            case SchemaNodeKind.List:
                return !schema!.IsAtomic && value is JsonArray ? ShapeKind.List : ShapeKind.Leaf;
            default:
                return ShapeKind.Leaf;
        }
    }

    private static PathElement? KeyOf(SchemaNode listSchema, JsonNode? item, out string? error)
    {
        error = null;
        if (item is not JsonObject obj)
        {
            error = item is null
                ? "associative list with keys may not have a null element"
                : "associative list with keys may not have non-map elements";
            return null;
        }

        if (listSchema.ListMapKeys is [var only] && obj.TryGetPropertyValue(only, out var onlyValue))
        {
            // The common case (conditions by type, containers by name): no list, and a shared element when it recurs.
            return PathElement.KeyedByOne(only, onlyValue);
        }

        var fields = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var key in listSchema.ListMapKeys)
        {
            if (obj.TryGetPropertyValue(key, out var value))
            {
                fields.Add(new(key, value));
            }
            else if (listSchema.Items?.Field(key)?.Default is { } defaultValue)
            {
                fields.Add(new(key, defaultValue));
            }
        }

        if (fields.Count == 0)
        {
            error = $"associative list with keys has an element that omits all key fields [{string.Join(" ", listSchema.ListMapKeys.Select(k => $"\"{k}\""))}] (and doesn't have default values for any key fields)";
            return null;
        }

        return PathElement.Keyed(fields);
    }

    private static PathElement? ValueOf(JsonNode? item, out string? error)
    {
        error = item switch
        {
            JsonObject => "associative list without keys has an element that's a map type",
            JsonArray => "not supported: associative list with lists as elements",
            null => "associative list without keys has an element that's an explicit null",
            _ => null,
        };
        return error is null ? PathElement.OfValue(item) : null;
    }
}
