using System.Text.Json.Nodes;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>
/// The fields a create sets, as <see cref="ObjectComparer"/> finds them when it compares the kind's zero object with
/// the created one (what <see cref="FieldManager.Update"/> does for a create): one walk over the created object, with
/// the zero object's shape decided on the way instead of being built, compared and cloned first.
/// </summary>
/// <remarks>
/// The zero object holds an empty object exactly where the created object has an object in a declared, non-atomic
/// struct field (without a schema: <c>metadata</c>, <c>spec</c> and <c>status</c> at the top). Such a field is not
/// added itself, only what it contains; every other value is added, maps and lists after their contents.
/// </remarks>
internal static class CreatedFields
{
    public static FieldSet Build(JsonObject created, SchemaNode? schema)
    {
        var set = new FieldSet();
        WalkZeroMap(set, [], created, schema, topLevel: true);
        return set;
    }

    /// <summary>A map the zero object also has (as an empty object): only its members can be added.</summary>
    private static void WalkZeroMap(FieldSet set, List<PathElement> path, JsonObject value, SchemaNode? schema, bool topLevel)
    {
        foreach (var (key, child) in value)
        {
            path.Add(PathElement.Field(key));
            var field = schema?.Field(key);
            if (child is JsonObject childObject && InZeroObject(key, field, schema, topLevel))
            {
                // Both empty: equal, nothing added. Otherwise both are maps of the same shape.
                if (childObject.Count > 0)
                {
                    WalkZeroMap(set, path, childObject, field, topLevel: false);
                }
            }
            else
            {
                WalkAdded(set, path, child, field);
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>Upstream's zero value has nested structs as empty objects (see <see cref="FieldManager"/>'s ZeroObjectLike).</summary>
    internal static bool InZeroObject(string key, SchemaNode? field, SchemaNode? parent, bool topLevel) =>
        (field is { Kind: SchemaNodeKind.Struct, IsAtomic: false } || (parent is null && topLevel && key is "metadata" or "spec" or "status"))
        && parent?.HasDeclaredField(key) != false;

    /// <summary>A value the zero object does not have: it and everything in it is added.</summary>
    private static void WalkAdded(FieldSet set, List<PathElement> path, JsonNode? value, SchemaNode? schema)
    {
        var shape = TypedShape.Resolve(schema, null, value);
        if (shape != ShapeKind.Leaf && IsEmpty(value))
        {
            shape = ShapeKind.Leaf;
        }

        switch (shape)
        {
            case ShapeKind.Map:
                foreach (var (key, child) in (JsonObject)value!)
                {
                    path.Add(PathElement.Field(key));
                    WalkAdded(set, path, child, schema?.Field(key));
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case ShapeKind.List:
                WalkAddedList(set, path, (JsonArray)value!, schema);
                break;
        }

        set.Insert(path);
    }

    private static void WalkAddedList(FieldSet set, List<PathElement> path, JsonArray list, SchemaNode? schema)
    {
        TypedShape.TryIndex(schema, list, out var elements, out _);
        var counts = new Dictionary<PathElement, int>(elements.Count);
        foreach (var element in elements)
        {
            counts[element] = counts.GetValueOrDefault(element) + 1;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var count = counts[elements[i]];
            if (count == 0)
            {
                continue; // a duplicate already added
            }

            path.Add(elements[i]);
            if (count == 1)
            {
                WalkAdded(set, path, list[i], schema?.Items);
            }
            else
            {
                // Duplicated items are added as a whole, never descended into.
                set.Insert(path);
                counts[elements[i]] = 0;
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        _ => false,
    };
}
