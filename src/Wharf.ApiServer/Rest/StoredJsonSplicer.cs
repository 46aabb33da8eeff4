using System.Text.Json;
using Wharf.ApiServer.Registry;
using Wharf.Storage;

namespace Wharf.ApiServer.Rest;

/// <summary>
/// Produces the served form of a stored object without building a DOM: the stored JSON with
/// <c>metadata.resourceVersion</c> added as the last member of <c>metadata</c>, which is exactly what
/// <see cref="ObjectCodec.Decode"/> + <see cref="ResourceStore.Output"/> + serialization give for a kind without a
/// storage converter whose stored document already leads with its apiVersion and kind. Anything else is declined
/// (the caller falls back to decoding), so the output never differs from the DOM path.
/// </summary>
public static class StoredJsonSplicer
{
    private static readonly byte[] ResourceVersionMember = "\"resourceVersion\":\""u8.ToArray();

    /// <summary>
    /// The bytes before and after the point where <c>,"resourceVersion":"N"</c> goes, and whether metadata had
    /// members before it (so a comma is needed). False when the stored document is not in the expected shape.
    /// </summary>
    public static bool TryFindInsertionPoint(ResourceKind kind, ReadOnlySpan<byte> stored, out int metadataEnd, out bool needsComma)
    {
        metadataEnd = 0;
        needsComma = false;
        if (kind.Converter is not null) return false;
        try
        {
            var reader = new Utf8JsonReader(stored, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            // The served document leads with apiVersion then kind, with the kind's values; stored documents are
            // written that way, but a document in another shape is left to the DOM path, which reorders it.
            if (!ReadStringMember(ref reader, "apiVersion"u8, kind.GroupVersion)) return false;
            if (!ReadStringMember(ref reader, "kind"u8, kind.Kind)) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped || !reader.ValueTextEquals("metadata"u8))
                {
                    reader.Skip();
                    continue;
                }
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
                var empty = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    // A resourceVersion in the stored bytes would be replaced, not duplicated, by the DOM path.
                    if (reader.ValueTextEquals("resourceVersion"u8)) return false;
                    empty = false;
                    reader.Skip();
                }
                if (reader.TokenType != JsonTokenType.EndObject) return false;
                metadataEnd = (int)reader.TokenStartIndex;
                needsComma = !empty;
                return true;
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Length of the spliced form of <paramref name="stored"/> with the given revision text.</summary>
    public static int SplicedLength(int storedLength, int revisionLength, bool needsComma) =>
        storedLength + (needsComma ? 1 : 0) + ResourceVersionMember.Length + revisionLength + 1;

    /// <summary>Writes the spliced document into <paramref name="destination"/> (at least <see cref="SplicedLength"/> long).</summary>
    public static int Splice(ReadOnlySpan<byte> stored, int metadataEnd, bool needsComma, ReadOnlySpan<byte> revision, Span<byte> destination)
    {
        stored[..metadataEnd].CopyTo(destination);
        var at = metadataEnd;
        if (needsComma) destination[at++] = (byte)',';
        ResourceVersionMember.CopyTo(destination[at..]);
        at += ResourceVersionMember.Length;
        revision.CopyTo(destination[at..]);
        at += revision.Length;
        destination[at++] = (byte)'"';
        stored[metadataEnd..].CopyTo(destination[at..]);
        return at + stored.Length - metadataEnd;
    }

    /// <summary>The served bytes of one stored object, or null when it must go through the DOM path.</summary>
    public static byte[]? TrySplice(ResourceKind kind, StoredObject stored)
    {
        if (!TryPlan(kind, stored, out var splice)) return null;
        var result = new byte[splice.Length];
        splice.CopyTo(result);
        return result;
    }

    /// <summary>
    /// Where the served form of one stored object differs from its stored bytes, so that it can be written straight
    /// into any buffer (<see cref="StoredJsonSplice.CopyTo"/>) instead of into an array of its own; false when it must
    /// go through the DOM path.
    /// </summary>
    public static bool TryPlan(ResourceKind kind, StoredObject stored, out StoredJsonSplice splice)
    {
        if (!TryFindInsertionPoint(kind, stored.Value.Span, out var end, out var comma))
        {
            splice = default;
            return false;
        }
        splice = new StoredJsonSplice(stored.Value, end, comma, stored.ModRevision);
        return true;
    }

    private static bool ReadStringMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, string expected)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped || !reader.ValueTextEquals(name))
            return false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
            return false;
        return reader.ValueTextEquals(expected);
    }
}
