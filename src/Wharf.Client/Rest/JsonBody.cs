using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Client.Rest;

/// <summary>
/// A request body holding a JSON document written straight to UTF-8: the same bytes as <see cref="JsonNode.ToJsonString"/>
/// encoded by a <see cref="StringContent"/> (both write with the default writer options), without the UTF-16 string in
/// between, which every write of the in-process components built and transcoded again. The document is written into a
/// buffer kept per thread and copied out at its exact size, so a write allocates its body's bytes once.
/// </summary>
internal static class JsonBody
{
    // Larger buffers (a big ConfigMap, a list) are not kept: one such write must not pin its size on a pool thread.
    private const int MaxKeptCapacity = 64 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>The body with Content-Type <paramref name="mediaType"/> and, when given, its charset parameter.</summary>
    public static HttpContent Create(JsonNode node, string mediaType, string? charSet)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        byte[] bytes;
        try
        {
            writer.Reset(buffer);
            node.WriteTo(writer);
            writer.Flush();
            bytes = buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity > MaxKeptCapacity) (t_buffer, t_writer) = (null, null);
        }
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = charSet };
        return content;
    }
}
