using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// The FieldsV1 encoding of a <see cref="FieldSet"/> in <c>metadata.managedFields[].fieldsV1</c>: nested objects
/// keyed by path elements, <c>{}</c> for a member leaf and <c>".": {}</c> for a member that also has children.
/// </summary>
public static class FieldsV1
{
    public static JsonObject Encode(FieldSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return EncodeNode(set, includeSelf: false);
    }

    /// <exception cref="PatchException">When the document is not a valid FieldsV1 set.</exception>
    public static FieldSet Decode(JsonNode? fields)
    {
        if (fields is not JsonObject obj)
        {
            throw new PatchException("fieldsV1 must be an object", PatchFailure.BadRequest);
        }

        var set = new FieldSet();
        DecodeInto(set, obj);
        return set;
    }

    private static JsonObject EncodeNode(FieldSet set, bool includeSelf)
    {
        var obj = new JsonObject();
        if (includeSelf)
        {
            obj["."] = new JsonObject();
        }

        // Members and children interleave in path-element order, as upstream writes them.
        var children = set.Children.Where(c => !c.Value.IsEmpty).ToDictionary(c => c.Key, c => c.Value);
        var elements = new SortedSet<PathElement>(set.Members);
        elements.UnionWith(children.Keys);
        foreach (var element in elements)
        {
            obj[element.Serialize()] = children.TryGetValue(element, out var child)
                ? EncodeNode(child, set.HasMember(element))
                : new JsonObject();
        }

        return obj;
    }

    private static void DecodeInto(FieldSet set, JsonObject obj)
    {
        foreach (var (key, value) in obj)
        {
            if (key == ".")
            {
                continue;
            }

            PathElement element;
            try
            {
                element = PathElement.Parse(key);
            }
            catch (FormatException ex)
            {
                throw new PatchException($"error decoding fieldsV1 key {key}: {ex.Message}", PatchFailure.BadRequest);
            }

            if (value is not JsonObject child)
            {
                throw new PatchException($"error decoding fieldsV1 value of {key}: expected an object", PatchFailure.BadRequest);
            }

            if (child.Count == 0 || child.ContainsKey("."))
            {
                set.AddMember(element);
            }

            if (child.Count > 0)
            {
                var sub = set.ChildOrAdd(element);
                DecodeInto(sub, child);
            }
        }
    }
}
