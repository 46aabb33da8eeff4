using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Reads a stored FieldsV1 document as text, without decoding it into a <see cref="FieldSet"/> or materializing its
/// nodes: whether it is exactly what <see cref="FieldsV1.Write"/> writes for the set it decodes to, so that it can be
/// kept as it is, whether that set has a member that is also a member of one of two other sets (an update's changed
/// and removed paths), and whether it has every member of a third.
/// </summary>
/// <remarks>
/// The document written for a set is its canonical form: at every level the keys are the path elements' own
/// serialization in strictly increasing element order; a member without children is <c>{}</c>, one with children
/// starts with <c>".": {}</c>, and a node without the marker has children. Anything else (an empty document, which
/// decodes to an empty set whose entry is dropped, keys out of order or written differently, a marker elsewhere)
/// decodes and re-encodes to other bytes, so the caller must take the set path for it. A stored object's nodes are
/// parsed lazily: reading the document through its nodes would build every one of them (and the store's later
/// comparison of the old and new object would then build the new side's too).
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

    /// <summary>Longest key decoded on the stack; longer ones (rare: keyed items) are rented.</summary>
    private const int StackKeyLength = 256;

    public static Outcome Scan(JsonObject? fields, FieldSet first, FieldSet second) => Scan(fields, first, second, null, out _);

    /// <param name="wanted">Members to look for; <paramref name="hasAllWanted"/> says (when Untouched) whether all are members.</param>
    public static Outcome Scan(JsonObject? fields, FieldSet first, FieldSet second, FieldSet? wanted, out bool hasAllWanted)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        hasAllWanted = false;
        if (fields is null)
        {
            return Outcome.NotCanonical;
        }

        using var scratch = JsonScratch.Rent();
        fields.WriteTo(scratch.Writer);
        var reader = new Utf8JsonReader(scratch.Written);
        reader.Read();
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return Outcome.NotCanonical; // the empty set
        }

        var found = 0;
        var outcome = Walk(ref reader, first, second, wanted, ref found);
        hasAllWanted = outcome == Outcome.Untouched && found == CountMembers(wanted);
        return outcome;
    }

    /// <summary>Walks one node's keys from the first (the reader is on it) to its end.</summary>
    private static Outcome Walk(ref Utf8JsonReader reader, FieldSet? first, FieldSet? second, FieldSet? wanted, ref int found)
    {
        PathElement? previous = null;
        while (reader.TokenType == JsonTokenType.PropertyName)
        {
            var element = KeyElement(ref reader);
            if (element is null || (previous is not null && previous.CompareTo(element) >= 0) || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Outcome.NotCanonical;
            }

            previous = element;
            reader.Read();
            var isLeaf = reader.TokenType == JsonTokenType.EndObject;
            var hasMarker = !isLeaf && reader.ValueTextEquals(FieldsV1.SelfKey);
            if (hasMarker && !SkipMarker(ref reader))
            {
                return Outcome.NotCanonical; // a marker alone, or one that is not {}
            }

            if (isLeaf || hasMarker)
            {
                if (first?.HasMember(element) == true || second?.HasMember(element) == true)
                {
                    return Outcome.Touched;
                }

                if (wanted?.HasMember(element) == true)
                {
                    found++;
                }
            }

            if (!isLeaf)
            {
                var below = Walk(ref reader, first?.ChildOrNull(element), second?.ChildOrNull(element), wanted?.ChildOrNull(element), ref found);
                if (below != Outcome.Untouched)
                {
                    return below;
                }
            }

            reader.Read(); // past the node's end: the next key, or this node's end
        }

        return Outcome.Untouched;
    }

    /// <summary>Past a <c>".": {}</c> onto the key after it; false when the marker is not <c>{}</c> or nothing follows.</summary>
    private static bool SkipMarker(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.StartObject
        && reader.Read() && reader.TokenType == JsonTokenType.EndObject
        && reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static PathElement? KeyElement(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        char[]? rented = null;
        var buffer = length <= StackKeyLength ? stackalloc char[StackKeyLength] : rented = ArrayPool<char>.Shared.Rent(length);
        try
        {
            return PathElement.ParseCanonical(buffer[..reader.CopyString(buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int CountMembers(FieldSet? set)
    {
        if (set is null)
        {
            return 0;
        }

        var count = set.MemberList.Count;
        var children = set.ChildList;
        for (var i = 0; i < children.Count; i++)
        {
            count += CountMembers(children[i].Value);
        }

        return count;
    }
}
