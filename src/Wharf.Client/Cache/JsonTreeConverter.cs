using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Wharf.Client.Cache;

/// <summary>
/// Reads a JSON object straight from its UTF-8 bytes into a fully built <see cref="JsonObject"/> tree, for the
/// informers' watch and list. <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>
/// parses into a document first and builds the nodes lazily from it, which the cache then forces at once
/// (<see cref="JsonTree.Materialize"/>: objects shared between threads must not be lazy), and its string values
/// decode again on every read. Here the nodes are built in one pass: property names pooled, strings decoded once,
/// booleans as values; numbers stay document-backed values (as a parse makes them), so that GetValue of any numeric
/// type and the written text behave as before. <c>metadata.managedFields</c> of the top-level object can be skipped
/// unread for informers that strip it anyway.
/// </summary>
internal sealed class JsonTreeConverter(bool skipManagedFields, JsonNamePool names) : JsonConverter<JsonObject>
{
    private const int MaxSharedNumberLength = 8;
    private const int MaxSharedNumbers = 4096;

    // Small numbers (replicas, generations, ports) repeat in every object; their parsed elements are immutable and
    // can back any number of values, so each costs a node instead of a document per occurrence.
    private static readonly ConcurrentDictionary<string, JsonElement> Numbers = new(StringComparer.Ordinal);

    public static JsonSerializerOptions Options(bool skipManagedFields) =>
        new() { Converters = { new JsonTreeConverter(skipManagedFields, JsonNamePool.Shared) } };

    public override bool HandleNull => false;

    public override JsonObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected a JSON object, found {reader.TokenType}");
        return ReadObject(ref reader, topLevel: true);
    }

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer);

    private JsonObject ReadObject(ref Utf8JsonReader reader, bool topLevel)
    {
        var obj = new JsonObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = names.Get(ref reader);
            reader.Read();
            Set(obj, name, topLevel && skipManagedFields && reader.TokenType == JsonTokenType.StartObject && name == "metadata"
                ? ReadMetadata(ref reader)
                : ReadValue(ref reader));
        }
        return obj;
    }

    private JsonObject ReadMetadata(ref Utf8JsonReader reader)
    {
        var obj = new JsonObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("managedFields"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            var name = names.Get(ref reader);
            reader.Read();
            Set(obj, name, ReadValue(ref reader));
        }
        return obj;
    }

    /// <summary>Adds without the indexer's replace path; a repeated name (never sent by a server) keeps the last value, as a parse does.</summary>
    private static void Set(JsonObject obj, string name, JsonNode? value)
    {
        if (!obj.TryAdd(name, value)) obj[name] = value;
    }

    private JsonArray ReadArray(ref Utf8JsonReader reader)
    {
        var array = new JsonArray();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            array.Add(ReadValue(ref reader));
        return array;
    }

    /// <summary>The value the reader is on (its first token), built as a node; leaves the reader on its last token.</summary>
    internal JsonNode? ReadValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => ReadObject(ref reader, topLevel: false),
        JsonTokenType.StartArray => ReadArray(ref reader),
        JsonTokenType.String => JsonValue.Create(reader.GetString()),
        JsonTokenType.True => JsonValue.Create(true),
        JsonTokenType.False => JsonValue.Create(false),
        JsonTokenType.Null => null,
        JsonTokenType.Number => JsonValue.Create(ReadNumber(ref reader)),
        var other => throw new JsonException($"unexpected JSON token {other}"),
    };

    private static JsonElement ReadNumber(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (raw.Length > MaxSharedNumberLength || reader.HasValueSequence) return JsonElement.ParseValue(ref reader);
        Span<char> text = stackalloc char[MaxSharedNumberLength];
        for (var i = 0; i < raw.Length; i++) text[i] = (char)raw[i]; // a number's bytes are ASCII
        var lookup = Numbers.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text[..raw.Length], out var shared)) return shared;
        var element = JsonElement.ParseValue(ref reader);
        if (Numbers.Count < MaxSharedNumbers) Numbers.TryAdd(text[..raw.Length].ToString(), element);
        return element;
    }
}
