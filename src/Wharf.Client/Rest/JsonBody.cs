using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Client.Rest;

/// <summary>
/// A request body holding a JSON document written straight to UTF-8: the same bytes as <see cref="JsonNode.ToJsonString"/>
/// encoded by a <see cref="StringContent"/> (both write with the default writer options), without the UTF-16 string in
/// between, which every write of the in-process components built and transcoded again.
/// </summary>
internal static class JsonBody
{
    private const int InitialCapacity = 2048;

    /// <summary>The body with Content-Type <paramref name="mediaType"/> and, when given, its charset parameter.</summary>
    public static HttpContent Create(JsonNode node, string mediaType, string? charSet)
    {
        var buffer = new ArrayBufferWriter<byte>(InitialCapacity);
        using (var writer = new Utf8JsonWriter(buffer))
            node.WriteTo(writer);
        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = charSet };
        return content;
    }
}
