using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.JsonTrees;

/// <summary>
/// Reads JSON straight from its UTF-8 bytes into fully built <see cref="JsonNode"/> trees, in one pass: for the API
/// server's stored objects and request bodies (<see cref="Parse"/>) and the client's informers (a converter's
/// <see cref="ReadObject"/>). <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>
/// copies the bytes into a document and builds the nodes lazily from it: every primitive a document-backed value
/// whose string is decoded again on each read, the document alive as long as the tree, and the first access to an
/// object builds its dictionary (not thread-safe). Here property names and recurring strings come from pools
/// (<see cref="JsonNamePool"/>), other strings are decoded once,
/// booleans are values; numbers stay document-backed values (<see cref="JsonNumbers"/>), so that GetValue of any
/// numeric type and the written text behave as a parse's do; objects and arrays are built at their final size
/// (<see cref="PendingNodes"/>). <c>metadata.managedFields</c> of the top-level object can be skipped unread for
/// informers that strip it anyway.
/// </summary>
public sealed class JsonTreeReader
{
    private static readonly JsonTreeReader Strict = new(JsonNamePool.Shared, skipManagedFields: false, lastNameWins: false);

    private readonly JsonNamePool _names;
    private readonly bool _skipManagedFields;
    private readonly bool _lastNameWins;

    /// <summary>A reader for converters: a repeated name keeps the last value, as a parse's object would.</summary>
    public JsonTreeReader(JsonNamePool names, bool skipManagedFields = false) : this(names, skipManagedFields, lastNameWins: true)
    {
    }

    private JsonTreeReader(JsonNamePool names, bool skipManagedFields, bool lastNameWins) =>
        (_names, _skipManagedFields, _lastNameWins) = (names, skipManagedFields, lastNameWins);

    private enum Level
    {
        Nested,
        TopWithoutManagedFields,
        TopMetadataWithoutManagedFields,
    }

    /// <summary>
    /// <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>'s answer, built in one
    /// pass: the same nodes, values and written text, and the same exceptions for text that is not JSON (the reader's,
    /// thrown before any node is used, as the document's parse throws them). A document that repeats a name within an
    /// object or holds a string that does not decode (an unpaired surrogate escape) is parsed by JsonNode.Parse
    /// itself: its lazily built tree fails where that object or string is first read, which a built tree cannot do.
    /// </summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8, JsonDocumentOptions options = default)
    {
        if (options.CommentHandling != JsonCommentHandling.Allow && TryParse(utf8, options, out var node)) return node;
        return JsonNode.Parse(utf8, documentOptions: options);
    }

    /// <summary>The object the reader is on (its start token), built; leaves the reader on its end token.</summary>
    public JsonObject ReadObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected a JSON object, found {reader.TokenType}");
        var pending = PendingNodes.ForThread;
        var (memberMark, itemMark) = (pending.MemberMark, pending.ItemMark);
        try
        {
            return ReadObject(ref reader, pending, _skipManagedFields ? Level.TopWithoutManagedFields : Level.Nested);
        }
        catch
        {
            pending.Reset(memberMark, itemMark);
            throw;
        }
    }

    /// <summary>The value the reader is on (its first token), built; leaves the reader on its last token.</summary>
    public JsonNode? ReadValue(ref Utf8JsonReader reader)
    {
        var pending = PendingNodes.ForThread;
        var (memberMark, itemMark) = (pending.MemberMark, pending.ItemMark);
        try
        {
            return ReadValue(ref reader, pending);
        }
        catch
        {
            pending.Reset(memberMark, itemMark);
            throw;
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> utf8, JsonDocumentOptions options, out JsonNode? node)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.CommentHandling,
            MaxDepth = options.MaxDepth,
        });
        try
        {
            reader.Read();
            node = Strict.ReadValue(ref reader);
            reader.Read(); // past the value: only whitespace may follow, or the reader throws as the document's parse does
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // A repeated name (the object refused it) or a string that does not decode.
            node = null;
            return false;
        }
    }

    private JsonObject ReadObject(ref Utf8JsonReader reader, PendingNodes pending, Level level)
    {
        var mark = pending.MemberMark;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (level == Level.TopMetadataWithoutManagedFields && reader.ValueTextEquals("managedFields"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            var name = _names.Get(ref reader);
            reader.Read();
            pending.PushMember(name, level == Level.TopWithoutManagedFields && reader.TokenType == JsonTokenType.StartObject && name == "metadata"
                ? ReadObject(ref reader, pending, Level.TopMetadataWithoutManagedFields)
                : ReadValue(ref reader, pending));
        }
        return pending.PopObject(mark, _lastNameWins);
    }

    private JsonArray ReadArray(ref Utf8JsonReader reader, PendingNodes pending)
    {
        var mark = pending.ItemMark;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            pending.PushItem(ReadValue(ref reader, pending));
        return pending.PopArray(mark);
    }

    private JsonNode? ReadValue(ref Utf8JsonReader reader, PendingNodes pending) => reader.TokenType switch
    {
        JsonTokenType.StartObject => ReadObject(ref reader, pending, Level.Nested),
        JsonTokenType.StartArray => ReadArray(ref reader, pending),
        JsonTokenType.String => JsonValue.Create(JsonNamePool.Values.Get(ref reader)),
        JsonTokenType.True => JsonValue.Create(true),
        JsonTokenType.False => JsonValue.Create(false),
        JsonTokenType.Null => null,
        JsonTokenType.Number => JsonValue.Create(JsonNumbers.Read(ref reader)),
        var other => throw new JsonException($"unexpected JSON token {other}"),
    };
}
