using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// The FieldsV1 encoding of a <see cref="FieldSet"/> in <c>metadata.managedFields[].fieldsV1</c>: nested objects
/// keyed by path elements, <c>{}</c> for a member leaf and <c>".": {}</c> for a member that also has children.
/// </summary>
public static class FieldsV1
{
    /// <summary>The key of the marker that a member with children is itself a member too.</summary>
    internal const string SelfKey = ".";

    /// <summary>
    /// The set's document, written as text and parsed once (see <see cref="JsonScratch"/>): it is only ever written
    /// out again, and a node tree built member by member was a large share of an update's garbage.
    /// </summary>
    public static JsonObject Encode(FieldSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        using var scratch = JsonScratch.Rent();
        Write(scratch.Writer, set);
        return (JsonObject)scratch.Parse()!;
    }

    /// <summary>Writes the set's document (what <see cref="Encode"/> gives) to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, FieldSet set)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(set);
        WriteNode(writer, set, includeSelf: false);
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

    private static void WriteNode(Utf8JsonWriter writer, FieldSet set, bool includeSelf)
    {
        writer.WriteStartObject();
        if (includeSelf)
        {
            WriteEmptyObject(writer, SelfKey);
        }

        // Members and children interleave in path-element order, as upstream writes them: both are sorted by that
        // order already, so one merge of the two sequences visits every element once.
        var members = set.MemberList;
        var children = set.ChildList;
        int m = 0, c = NextNonEmpty(children, 0);
        while (m < members.Count || c < children.Count)
        {
            var order = m == members.Count ? 1 : c == children.Count ? -1 : members[m].CompareTo(children[c].Key);
            if (order < 0)
            {
                WriteEmptyObject(writer, members[m++].Serialize());
            }
            else
            {
                var (element, childSet) = children[c];
                writer.WritePropertyName(element.Serialize());
                WriteNode(writer, childSet, includeSelf: order == 0);
                if (order == 0)
                {
                    m++;
                }

                c = NextNonEmpty(children, c + 1);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteEmptyObject(Utf8JsonWriter writer, string key)
    {
        writer.WriteStartObject(key);
        writer.WriteEndObject();
    }

    /// <summary>The index of the first child from <paramref name="from"/> on that is not empty (the count when none).</summary>
    private static int NextNonEmpty(IReadOnlyList<KeyValuePair<PathElement, FieldSet>> children, int from)
    {
        while (from < children.Count && children[from].Value.IsEmpty)
        {
            from++;
        }

        return from;
    }

    private static void DecodeInto(FieldSet set, JsonObject obj)
    {
        foreach (var (key, value) in obj)
        {
            if (key == SelfKey)
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

            if (child.Count == 0 || child.ContainsKey(SelfKey))
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
