using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>
/// The FieldsV1 document of a create written straight from the created object: the same document
/// <see cref="CreatedFields.Build"/> and <see cref="FieldsV1.Encode"/> give after the ignored and server-owned fields
/// are taken out, without the field set and node tree in between (they were most of a create's managed-fields
/// garbage).
/// </summary>
/// <remarks>
/// Walks as <see cref="CreatedFields"/> does: a map the zero object also has contributes only what it contains (and
/// nothing at all when that is empty); every other value is a member, and an added map's members follow it, so its
/// key carries <c>"."</c>, as does an added granular list's, whose items follow it by their keys (<c>k:</c>) or
/// values (<c>v:</c>). Keys are written in path-element order. An object this cannot write exactly (a removed path
/// that is not a plain leaf, or list items whose different elements sort as equal) is refused, and the caller takes
/// the general path.
/// </remarks>
internal sealed class CreatedFieldsWriter
{
    private readonly SchemaNode? _schema;
    private readonly FieldSet? _ignored;
    private readonly FieldSet _serverOwned;

    /// <param name="ignored">Removed with everything below them (<see cref="FieldSet.RecursiveDifference"/>).</param>
    /// <param name="serverOwned">Members removed alone (<see cref="FieldSet.RemoveInPlace"/>).</param>
    public CreatedFieldsWriter(SchemaNode? schema, FieldSet? ignored, FieldSet serverOwned)
    {
        _schema = schema;
        _ignored = ignored;
        _serverOwned = serverOwned;
    }

    /// <summary>
    /// Writes the fieldsV1 object of <paramref name="created"/>; false when the object has no fields to own
    /// (<paramref name="refused"/> false) or is one this cannot write exactly (<paramref name="refused"/> true).
    /// Whatever was written is the caller's to discard when false.
    /// </summary>
    public bool TryWrite(Utf8JsonWriter writer, JsonObject created, out bool refused)
    {
        refused = false;
        if (!ZeroMapHasFields(created, _schema, topLevel: true, _ignored, _serverOwned))
        {
            return false;
        }

        writer.WriteStartObject();
        refused = !WriteZeroMapMembers(writer, created, _schema, topLevel: true, _ignored, _serverOwned);
        writer.WriteEndObject();
        return !refused;
    }

    /// <summary>Whether a map of the zero object contributes anything (what it contains may all be removed).</summary>
    private static bool ZeroMapHasFields(JsonObject map, SchemaNode? schema, bool topLevel, FieldSet? ignored, FieldSet? owned)
    {
        for (var i = 0; i < map.Count; i++)
        {
            var (key, child) = map.GetAt(i);
            var element = ignored is null && owned is null ? null : PathElement.Field(key);
            if (ignored?.HasMember(element!) == true)
            {
                continue;
            }

            var field = schema?.Field(key);
            if (child is JsonObject childObject && CreatedFields.InZeroObject(key, field, schema, topLevel))
            {
                if (childObject.Count > 0 && ZeroMapHasFields(childObject, field, topLevel: false, ignored?.ChildOrNull(element!), owned?.ChildOrNull(element!)))
                {
                    return true;
                }
            }
            else if (!(owned?.HasMember(element!) == true && AddedShape(child, field) == ShapeKind.Leaf))
            {
                return true; // an added value that stays (or one the writer will refuse)
            }
        }

        return false;
    }

    private static bool WriteZeroMapMembers(Utf8JsonWriter writer, JsonObject map, SchemaNode? schema, bool topLevel, FieldSet? ignored, FieldSet? owned)
    {
        var members = SortedMembers(map, out var rented);
        try
        {
            foreach (var (key, child) in members)
            {
                var element = ignored is null && owned is null ? null : PathElement.Field(key);
                if (ignored?.HasMember(element!) == true)
                {
                    continue;
                }

                var field = schema?.Field(key);
                var ignoredBelow = ignored?.ChildOrNull(element!);
                var ownedBelow = owned?.ChildOrNull(element!);
                if (child is JsonObject childObject && CreatedFields.InZeroObject(key, field, schema, topLevel))
                {
                    if (childObject.Count == 0 || !ZeroMapHasFields(childObject, field, topLevel: false, ignoredBelow, ownedBelow))
                    {
                        continue;
                    }

                    WriteFieldName(writer, key);
                    writer.WriteStartObject();
                    var written = WriteZeroMapMembers(writer, childObject, field, topLevel: false, ignoredBelow, ownedBelow);
                    writer.WriteEndObject();
                    if (!written)
                    {
                        return false;
                    }

                    continue;
                }

                var removedBelow = ignoredBelow is not null || ownedBelow is not null || owned?.HasMember(element!) == true;
                if (removedBelow && AddedShape(child, field) != ShapeKind.Leaf)
                {
                    return false; // a removal inside an added value: left to the field set's exact difference
                }

                if (owned?.HasMember(element!) == true)
                {
                    continue;
                }

                if (!WriteAdded(writer, key, child, field))
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(rented, clearArray: true);
        }
    }

    /// <summary>A value the zero object does not have: a member, and for a map or granular list also everything in it.</summary>
    private static bool WriteAdded(Utf8JsonWriter writer, string key, JsonNode? value, SchemaNode? schema)
    {
        WriteFieldName(writer, key);
        return WriteAddedValue(writer, value, schema);
    }

    /// <summary>
    /// The FieldsV1 object of an added value (its key already written): <c>{}</c> for a leaf; <c>"."</c> and then
    /// the members for a map or the items for a granular list, in path-element order.
    /// </summary>
    private static bool WriteAddedValue(Utf8JsonWriter writer, JsonNode? value, SchemaNode? schema)
    {
        var shape = AddedShape(value, schema, out var items);
        writer.WriteStartObject();
        switch (shape)
        {
            case ShapeKind.Leaf:
                break;
            case ShapeKind.Map:
                writer.WritePropertyName(".");
                writer.WriteStartObject();
                writer.WriteEndObject();
                var members = SortedMembers((JsonObject)value!, out var rented);
                try
                {
                    foreach (var (childKey, child) in members)
                    {
                        if (!WriteAdded(writer, childKey, child, schema?.Field(childKey)))
                        {
                            return false;
                        }
                    }
                }
                finally
                {
                    ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(rented, clearArray: true);
                }

                break;
            case ShapeKind.List:
                writer.WritePropertyName(".");
                writer.WriteStartObject();
                writer.WriteEndObject();
                if (!WriteAddedItems(writer, (JsonArray)value!, schema?.Items, items!))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        writer.WriteEndObject();
        return true;
    }

    /// <summary>
    /// A granular list's items by their keys or values (<see cref="CreatedFields"/>' list walk): an item whose
    /// element occurs once with everything in it, an element that occurs more than once only as itself. Refused
    /// when two different elements sort as equal (the field set would keep one of them).
    /// </summary>
    private static bool WriteAddedItems(Utf8JsonWriter writer, JsonArray list, SchemaNode? itemSchema, List<PathElement> elements)
    {
        var order = new int[elements.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Stable, so that the first of duplicated items stands for them all.
        Array.Sort(order, (a, b) => elements[a].CompareTo(elements[b]) is var byElement and not 0 ? byElement : a.CompareTo(b));
        for (var start = 0; start < order.Length;)
        {
            var element = elements[order[start]];
            var end = start + 1;
            while (end < order.Length && element.CompareTo(elements[order[end]]) == 0)
            {
                if (!element.Equals(elements[order[end]]))
                {
                    return false;
                }

                end++;
            }

            writer.WritePropertyName(element.Serialize());
            if (end - start == 1)
            {
                if (!WriteAddedValue(writer, list[order[start]], itemSchema))
                {
                    return false;
                }
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }

            start = end;
        }

        return true;
    }

    /// <summary>
    /// The shape <see cref="CreatedFields"/> gives an added value: empty maps and lists are leaves, and so is a list
    /// whose items cannot be keyed. For a granular list also its items' path elements.
    /// </summary>
    private static ShapeKind AddedShape(JsonNode? value, SchemaNode? schema, out List<PathElement>? items)
    {
        var shape = TypedShape.Resolve(schema, null, value, out _, out items);
        if (shape != ShapeKind.Leaf && value is JsonObject { Count: 0 } or JsonArray { Count: 0 })
        {
            items = null;
            return ShapeKind.Leaf;
        }

        return shape;
    }

    private static ShapeKind AddedShape(JsonNode? value, SchemaNode? schema) => AddedShape(value, schema, out _);

    /// <summary>The map's members ordered as path elements are (ordinal by name), in an array from the pool.</summary>
    private static ReadOnlySpan<KeyValuePair<string, JsonNode?>> SortedMembers(JsonObject map, out KeyValuePair<string, JsonNode?>[] rented)
    {
        rented = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(Math.Max(map.Count, 1));
        var members = rented.AsSpan(0, map.Count);
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = map.GetAt(i);
        }

        members.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return members;
    }

    /// <summary>A field element's FieldsV1 key, <c>f:</c> and the name, without building the string.</summary>
    private static void WriteFieldName(Utf8JsonWriter writer, string name)
    {
        const int StackLimit = 256;
        char[]? rented = null;
        var length = name.Length + 2;
        var buffer = length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            buffer[0] = 'f';
            buffer[1] = ':';
            name.AsSpan().CopyTo(buffer[2..]);
            writer.WritePropertyName(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
