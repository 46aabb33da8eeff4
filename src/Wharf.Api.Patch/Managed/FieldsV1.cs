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

        // Members and children interleave in path-element order, as upstream writes them: both are sorted by that
        // order already, so one merge of the two sequences visits every element once.
        using var members = set.Members.GetEnumerator();
        using var children = set.Children.GetEnumerator();
        var member = Next(members);
        var child = NextNonEmpty(children);
        while (member is not null || child is not null)
        {
            var order = member is null ? 1 : child is null ? -1 : member.CompareTo(child.Value.Key);
            if (order < 0)
            {
                obj[member!.Serialize()] = new JsonObject();
                member = Next(members);
            }
            else
            {
                var (element, childSet) = child!.Value;
                obj[element.Serialize()] = EncodeNode(childSet, includeSelf: order == 0);
                if (order == 0)
                {
                    member = Next(members);
                }

                child = NextNonEmpty(children);
            }
        }

        return obj;
    }

    private static PathElement? Next(IEnumerator<PathElement> members) => members.MoveNext() ? members.Current : null;

    private static KeyValuePair<PathElement, FieldSet>? NextNonEmpty(IEnumerator<KeyValuePair<PathElement, FieldSet>> children)
    {
        while (children.MoveNext())
        {
            if (!children.Current.Value.IsEmpty)
            {
                return children.Current;
            }
        }

        return null;
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
