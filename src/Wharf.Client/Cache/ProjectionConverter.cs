using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Wharf.JsonTrees;

namespace Wharf.Client.Cache;

/// <summary>
/// Reads an object's JSON (a whole object or a PartialObjectMetadata) into its <see cref="MetadataProjection"/> in one
/// pass: <c>apiVersion</c>, <c>kind</c> and the kept metadata members are built as <see cref="JsonTreeReader"/>
/// builds them, everything else is skipped token by token without a node, a string or a document. The result is
/// always <c>{"apiVersion", "kind", "metadata"}</c> in that order (a missing apiVersion or kind is a null value for
/// the informer to fill in; a missing or non-object metadata is empty), the kept members in the projection's order.
/// </summary>
internal sealed class ProjectionConverter(MetadataProjection projection, JsonNamePool names) : JsonConverter<JsonObject>
{
    [ThreadStatic] private static JsonNode?[]? t_kept;

    private readonly JsonTreeReader _values = new(names);

    public override bool HandleNull => false;

    public override JsonObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected a JSON object, found {reader.TokenType}");
        var kept = Kept(projection.Members.Count);
        try
        {
            return Read(ref reader, kept);
        }
        finally
        {
            kept.Clear(); // a failed read must not leave nodes for the next, nor keep them alive
        }
    }

    private JsonObject Read(ref Utf8JsonReader reader, Span<JsonNode?> kept)
    {
        JsonNode? apiVersion = null, kind = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("apiVersion"u8))
            {
                reader.Read();
                apiVersion = ReadTypeMember(ref reader);
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kind = ReadTypeMember(ref reader);
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                // A repeated metadata (never sent by a server) keeps the last, as a parse does.
                kept.Clear();
                if (reader.TokenType == JsonTokenType.StartObject) ReadMetadata(ref reader, kept);
                else reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        var metadata = new JsonObject();
        for (var i = 0; i < kept.Length; i++)
        {
            if (kept[i] is { } value) metadata.Add(projection.Members[i], value);
        }
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    /// <summary>
    /// This thread's slots for the kept members, cleared: a read never nests another on its thread, so one array per
    /// thread serves every event instead of one per event.
    /// </summary>
    private static Span<JsonNode?> Kept(int count)
    {
        if (t_kept is null || t_kept.Length < count) t_kept = new JsonNode?[count];
        return t_kept.AsSpan(0, count);
    }

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer);

    private void ReadMetadata(ref Utf8JsonReader reader, Span<JsonNode?> kept)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = projection.IndexOf(ref reader);
            reader.Read();
            if (index < 0) reader.Skip();
            else kept[index] = _values.ReadValue(ref reader); // a null value counts as absent
        }
    }

    /// <summary>apiVersion and kind repeat in every object: their strings come from the name pool.</summary>
    private JsonNode? ReadTypeMember(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? JsonValue.Create(names.Get(ref reader)) : _values.ReadValue(ref reader);
}
