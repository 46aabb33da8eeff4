using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.Client.Rest;

/// <summary>
/// Reads watch events and list pages straight from their UTF-8 bytes into models: the envelope is walked with a
/// <see cref="Utf8JsonReader"/> and each object is deserialised by the same reader where it stands (one scan of its
/// bytes, no DOM in between).
/// </summary>
internal static class TypedJson
{
    public static TypedWatchEvent<T> ParseEvent<T>(ReadOnlySpan<byte> line, JsonSerializerOptions options) where T : class
    {
        var reader = new Utf8JsonReader(line);
        Expect(ref reader, JsonTokenType.StartObject, "watch event is not a JSON object");
        WatchEventType? type = null;
        ReadOnlySpan<byte> obj = default;
        T? model = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = TypeOf(ref reader);
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                // The API server writes "type" first: the object is then read in place. An ERROR event's object (a
                // Status), or an object ahead of its type, is kept as bytes and read once the type is known.
                if (type is { } known && known != WatchEventType.Error && reader.TokenType == JsonTokenType.StartObject)
                    model = ReadValue<T>(ref reader, TypeInfoCache<T>.For(options)) ?? throw new FormatException("watch event has a null object");
                else
                    obj = line[ValueRange(ref reader)];
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (type is null) throw new FormatException("watch event has no type");
        if (model is not null) return new TypedWatchEvent<T>(type.Value, model, null);
        if (obj.IsEmpty) throw new FormatException("watch event has no object");
        return type == WatchEventType.Error
            ? new TypedWatchEvent<T>(WatchEventType.Error, null, JsonNode.Parse(obj) as JsonObject ?? throw new FormatException("ERROR event's object is not a JSON object"))
            : new TypedWatchEvent<T>(type.Value, JsonSerializer.Deserialize(obj, TypeInfoCache<T>.For(options)) ?? throw new FormatException("watch event has a null object"), null);
    }

    public static ObjectList<T> ParseList<T>(ReadOnlySpan<byte> body, JsonSerializerOptions options) where T : class
    {
        var reader = new Utf8JsonReader(body);
        Expect(ref reader, JsonTokenType.StartObject, "list is not a JSON object");
        var items = new List<T>();
        // Looked up at the first item, not before: an empty list (most of a fresh server's informers) must not build
        // the serializer's metadata for T's model graph, which a V1Pod's alone adds megabytes of to an idle server.
        JsonTypeInfo<T>? info = null;
        string? resourceVersion = null, continueToken = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.StartArray) throw new FormatException("list items is not an array");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, info ??= TypeInfoCache<T>.For(options)) ?? throw new FormatException("list has a null item"));
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("resourceVersion"u8)) { reader.Read(); resourceVersion = reader.GetString(); }
                    else if (reader.ValueTextEquals("continue"u8)) { reader.Read(); continueToken = reader.GetString(); }
                    else { reader.Read(); reader.Skip(); }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new ObjectList<T>(items, resourceVersion, continueToken is { Length: > 0 } ? continueToken : null);
    }

    /// <summary>
    /// The value the reader is on, read in place. A converter the options were given (the informers' JSON tree and
    /// projection readers) is called directly: the serializer would first skip over the whole value to find its end
    /// and then read it again from a reader of its own, two passes over every object.
    /// </summary>
    private static T? ReadValue<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> info) =>
        reader.TokenType != JsonTokenType.Null && info.Converter is JsonConverter<T> given && info.Options.Converters.Contains(given)
            ? given.Read(ref reader, typeof(T), info.Options)
            : JsonSerializer.Deserialize(ref reader, info);

    /// <summary>The event type the reader is on, compared in place (no string per event).</summary>
    private static WatchEventType TypeOf(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? WatchEvent.TypeOf(null)
        : reader.ValueTextEquals("ADDED"u8) ? WatchEventType.Added
        : reader.ValueTextEquals("MODIFIED"u8) ? WatchEventType.Modified
        : reader.ValueTextEquals("DELETED"u8) ? WatchEventType.Deleted
        : reader.ValueTextEquals("BOOKMARK"u8) ? WatchEventType.Bookmark
        : reader.ValueTextEquals("ERROR"u8) ? WatchEventType.Error
        : WatchEvent.TypeOf(reader.GetString());

    /// <summary>Where the value the reader is on (its first token) lies in the input; leaves the reader on its last token.</summary>
    private static Range ValueRange(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return start..(int)reader.BytesConsumed;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (!reader.Read() || reader.TokenType != type) throw new FormatException(message);
    }
}
