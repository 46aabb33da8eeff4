using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Reads a stored FieldsV1 document without decoding it into a <see cref="FieldSet"/>: whether it is exactly what
/// <see cref="FieldsV1.Write"/> writes for the set it decodes to, so that it can be kept as it is, and whether that
/// set has a member that is also a member of one of two other sets (an update's changed and removed paths).
/// </summary>
/// <remarks>
/// The document written for a set is its canonical form: at every level the keys are the path elements' own
/// serialization in strictly increasing element order; a member without children is <c>{}</c>, one with children
/// starts with <c>".": {}</c>, and a node without the marker has children. Anything else (an empty document, which
/// decodes to an empty set whose entry is dropped, keys out of order or written differently, a marker elsewhere)
/// decodes and re-encodes to other bytes, so the caller must take the set path for it.
/// </remarks>
internal static class FieldsV1Scan
{
    public enum Outcome
    {
        /// <summary>Canonical, and no member of the set is a member of either other set.</summary>
        Untouched,

        /// <summary>A member of the set is a member of one of the other sets (the rest was not read).</summary>
        Touched,

        /// <summary>Not what writing the decoded set gives (or not a set at all).</summary>
        NotCanonical,
    }

    public static Outcome Scan(JsonObject? fields, FieldSet first, FieldSet second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return fields is not { Count: > 0 } ? Outcome.NotCanonical : Walk(fields, 0, first, second);
    }

    /// <summary>
    /// Whether every member of <paramref name="set"/> is a member in <paramref name="fields"/>, a document
    /// <see cref="Scan"/> found canonical (its keys are then the elements' serializations).
    /// </summary>
    public static bool HasAllMembers(JsonObject fields, FieldSet set)
    {
        foreach (var member in set.Members)
        {
            if (fields[member.Serialize()] is not JsonObject node || !(node.Count == 0 || StartsWithMarker(node)))
            {
                return false;
            }
        }

        foreach (var (element, child) in set.Children)
        {
            if (!child.IsEmpty && (fields[element.Serialize()] is not JsonObject node || !HasAllMembers(node, child)))
            {
                return false;
            }
        }

        return true;
    }

    /// <param name="start">1 when the node's first key is the member marker, which the caller has checked.</param>
    private static Outcome Walk(JsonObject node, int start, FieldSet? first, FieldSet? second)
    {
        PathElement? previous = null;
        for (var i = start; i < node.Count; i++)
        {
            var (key, value) = node.GetAt(i);
            if (value is not JsonObject child
                || !TryParseCanonical(key, out var element)
                || (previous is not null && previous.CompareTo(element) >= 0))
            {
                return Outcome.NotCanonical;
            }

            previous = element;
            var childStart = StartsWithMarker(child) ? 1 : 0;
            if (childStart == 1 && (child.Count == 1 || child.GetAt(0).Value is not JsonObject { Count: 0 }))
            {
                return Outcome.NotCanonical; // a marker alone, or one that is not {}
            }

            var isMember = child.Count == 0 || childStart == 1;
            if (isMember && (first?.HasMember(element) == true || second?.HasMember(element) == true))
            {
                return Outcome.Touched;
            }

            if (child.Count > childStart)
            {
                var below = Walk(child, childStart, first?.ChildOrNull(element), second?.ChildOrNull(element));
                if (below != Outcome.Untouched)
                {
                    return below;
                }
            }
        }

        return Outcome.Untouched;
    }

    private static bool StartsWithMarker(JsonObject node) => node.Count > 0 && node.GetAt(0).Key == FieldsV1.SelfKey;

    /// <summary>The key's path element, when the key is that element's own serialization.</summary>
    private static bool TryParseCanonical(string key, out PathElement element)
    {
        try
        {
            element = PathElement.Parse(key);
        }
        catch (FormatException)
        {
            element = null!;
            return false;
        }

        // A field's serialization is "f:" and its name, which is the key; the other kinds are written one way only.
        return element.Kind == PathElementKind.Field || element.Serialize() == key;
    }
}
