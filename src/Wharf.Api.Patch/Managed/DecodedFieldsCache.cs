using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Managed;

/// <summary>
/// Decoded fieldsV1 sets by their text, shared: an update decodes the entries its change reaches, and the same
/// fieldsV1 recurs across objects of a kind (every Deployment's and ReplicaSet's status entry has the same fields once
/// the controller has written the same status shape). Decoding built every node of the stored document and a set node
/// per path for each of them, per write.
/// </summary>
/// <remarks>
/// Decoding depends on nothing but the text, so a hit is the set decoding would give. Cached sets are frozen
/// (<see cref="FieldSet.Freeze"/>): set operations never change their inputs, and building one further throws rather
/// than change it under the other writes that hold it. Bounded (see <see cref="BoundedTextCache{T}"/>): at most
/// <see cref="MaxEntries"/> texts of at most <see cref="MaxTextLength"/> characters, a few MB with their sets.
/// </remarks>
internal static class DecodedFieldsCache
{
    internal const int MaxEntries = 256;

    internal const int MaxTextLength = 4096;

    private static readonly BoundedTextCache<FieldSet> Sets = new(MaxEntries);

    /// <summary>The set <paramref name="fields"/> decodes to (<see cref="FieldsV1.Decode"/>), frozen when shared.</summary>
    /// <exception cref="PatchException">When the document is not a valid FieldsV1 set.</exception>
    public static FieldSet Decode(JsonObject fields)
    {
        // The text as chars, looked up without making a string: written as UTF-8 (ASCII: the writer escapes the
        // rest), then widened into a rented buffer.
        char[]? buffer = null;
        try
        {
            ReadOnlySpan<char> text;
            using (var scratch = JsonScratch.Rent())
            {
                fields.WriteTo(scratch.Writer);
                var utf8 = scratch.Written;
                if (utf8.Length > MaxTextLength)
                {
                    return FieldsV1.Decode(fields);
                }

                buffer = ArrayPool<char>.Shared.Rent(utf8.Length);
                text = buffer.AsSpan(0, Encoding.UTF8.GetChars(utf8, buffer));
            }

            if (Sets.TryGet(text, out var cached))
            {
                return cached;
            }

            var set = FieldsV1.Decode(fields);
            set.Freeze();
            Sets.Add(text.ToString(), set);
            return set;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<char>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>For tests: the number of texts held.</summary>
    internal static int Count => Sets.Count;
}
