using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.JsonTrees;

/// <summary>
/// <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>'s lazily built answer over
/// bytes that never change (a stored value), without copying them. JsonNode.Parse copies its input into a document of
/// its own, since a span's owner may reuse the memory; bytes that stay as they are can back the document directly,
/// which saves the copy (a third of what parsing a stored object allocates). No public API parses memory into a
/// document without renting its metadata from the array pool, which only a dispose gives back, and a tree handed to
/// callers is never disposed; so the runtime's own unpooled parse, the one JsonNode.Parse calls after its copy, is
/// called directly. A runtime without it gets the copying parse (<see cref="ReferencesInput"/> then says so).
/// </summary>
public static class LazyJson
{
    private static volatile bool s_copyInstead;

    /// <summary>Whether <see cref="Parse"/> references its input rather than copying it (the runtime has the unpooled parse).</summary>
    public static bool ReferencesInput
    {
        get
        {
            Parse("0"u8.ToArray());
            return !s_copyInstead;
        }
    }

    /// <summary>
    /// The same nodes, values, written text and exceptions as JsonNode.Parse of <paramref name="utf8"/>. The returned
    /// tree reads <paramref name="utf8"/> for as long as it lives: the caller must never change those bytes.
    /// </summary>
    public static JsonNode? Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options = default)
    {
        if (s_copyInstead) return JsonNode.Parse(utf8.Span, documentOptions: options);
        JsonDocument document;
        try
        {
            var readerOptions = new JsonReaderOptions
            {
                AllowTrailingCommas = options.AllowTrailingCommas,
                CommentHandling = options.CommentHandling,
                MaxDepth = options.MaxDepth,
            };
            document = ParseUnrented(null, utf8, readerOptions, JsonTokenType.None, options.AllowDuplicateProperties);
        }
        catch (MissingMethodException)
        {
            s_copyInstead = true;
            return JsonNode.Parse(utf8.Span, documentOptions: options);
        }
        return Node(document.RootElement);
    }

    /// <summary>What JsonNode.Parse makes of a parsed value: lazily built objects and arrays, element-backed values.</summary>
    private static JsonNode? Node(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(element),
    };

    // JsonDocument.ParseValue(ReadOnlySpan<byte>, JsonDocumentOptions) is this call on a copy of its input.
    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "ParseUnrented")]
    private static extern JsonDocument ParseUnrented(JsonDocument? declaringType, ReadOnlyMemory<byte> utf8Json, JsonReaderOptions readerOptions,
        JsonTokenType tokenType, bool allowDuplicateProperties);
}
