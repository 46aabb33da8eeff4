using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Client.Meta;

/// <summary>
/// What callers of a write usually read of its answer: the object's namespace, name, uid and resourceVersion, with
/// <see cref="ObjectMeta"/>'s meaning (a field that is not a string is null, an empty namespace is none). Read
/// straight from the answer's bytes (<see cref="Read"/>), it spares building a tree of the whole answer (and of its
/// managedFields) that nobody reads.
/// </summary>
public readonly record struct AnswerMetadata(string? Namespace, string? Name, string? Uid, string? ResourceVersion)
{
    /// <summary>The same fields read from a parsed answer.</summary>
    public static AnswerMetadata From(JsonObject obj) =>
        new(ObjectMeta.Namespace(obj), ObjectMeta.Name(obj), ObjectMeta.Uid(obj), ObjectMeta.ResourceVersion(obj));

    /// <summary>
    /// The fields of the JSON object <paramref name="utf8"/>; null when <paramref name="utf8"/> is JSON but not an
    /// object. The whole text is read, so text that is not JSON throws <see cref="JsonException"/> as a parse would.
    /// A name repeated within an object, which no API server sends, is read as its last value (a parsed object
    /// throws when it is first indexed).
    /// </summary>
    public static AnswerMetadata? Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read()) throw new JsonException("the answer is empty");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            EnsureEnd(ref reader);
            return null;
        }
        var found = new AnswerMetadata();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (!isMetadata || reader.TokenType == JsonTokenType.Null) reader.Skip();
            else if (reader.TokenType == JsonTokenType.StartObject) found = ReadMetadata(ref reader);
            // As ObjectMeta's getters fail on such an answer (a node that is no object has no members to index).
            else throw new InvalidOperationException("the answer's metadata is not a JSON object");
        }
        EnsureEnd(ref reader);
        return found;
    }

    private static AnswerMetadata ReadMetadata(ref Utf8JsonReader reader)
    {
        string? ns = null, name = null, uid = null, resourceVersion = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ref var field = ref ns;
            if (reader.ValueTextEquals("namespace"u8)) field = ref ns;
            else if (reader.ValueTextEquals("name"u8)) field = ref name;
            else if (reader.ValueTextEquals("uid"u8)) field = ref uid;
            else if (reader.ValueTextEquals("resourceVersion"u8)) field = ref resourceVersion;
            else
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            reader.Read();
            // As a parsed object: the last of repeated names counts, and a value that is no string reads as none.
            field = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        return new AnswerMetadata(ns is { Length: > 0 } ? ns : null, name, uid, resourceVersion);
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw new JsonException("the answer has more than one JSON value");
    }
}
