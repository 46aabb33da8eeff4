using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Client.Rest;

/// <summary>
/// Request bodies written as UTF-8 JSON through one reusable writer and buffer per thread, copied out at their exact
/// size: no UTF-16 string per request (and, for callers that write fields themselves, no <c>JsonObject</c> tree).
/// Written with the same default encoder as <see cref="JsonNode.ToJsonString"/>, so the bytes equal those of the
/// same document built as a tree and sent as a <see cref="StringContent"/>.
/// </summary>
public static class JsonBody
{
    // Larger buffers (a big ConfigMap, a list) are not kept: one such write must not pin its size on a pool thread.
    private const int MaxKeptCapacity = 64 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The bytes <paramref name="write"/> writes for <paramref name="state"/>. <paramref name="write"/> must not
    /// itself call <see cref="Write{TState}"/> (the thread's writer is in use) and should be a static lambda, so that
    /// no closure is allocated per body.
    /// </summary>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        try
        {
            writer.Reset(buffer);
            write(writer, state);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A body that failed half-way leaves nothing behind for the next one on this thread.
            writer.Reset(buffer);
            buffer.ResetWrittenCount();
            if (buffer.Capacity > MaxKeptCapacity) (t_buffer, t_writer) = (null, null);
        }
    }

    /// <summary><paramref name="node"/>'s JSON as a body with Content-Type <paramref name="mediaType"/> (and its charset parameter when given).</summary>
    public static HttpContent Create(JsonNode node, string mediaType, string? charSet) =>
        Content(Write(node, static (w, n) => n.WriteTo(w)), mediaType, charSet);

    /// <summary>Bytes already written as a body with Content-Type <paramref name="mediaType"/> (and its charset parameter when given).</summary>
    public static HttpContent Content(ReadOnlyMemory<byte> utf8Json, string mediaType, string? charSet)
    {
        var content = new ReadOnlyMemoryContent(utf8Json);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = charSet };
        return content;
    }
}
