using System.Buffers;
using System.Text.Json;

namespace Wharf.Client.Rest;

/// <summary>
/// Small request bodies written as UTF-8 JSON straight from what the caller knows, through one reusable writer and
/// buffer per thread: no <c>JsonObject</c> tree and no UTF-16 string per request, only the finished bytes. Written
/// with the same default encoder as <c>JsonNode.ToJsonString()</c>, so the bytes equal those of the same document
/// built as a tree.
/// </summary>
public static class JsonBody
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The bytes <paramref name="write"/> writes for <paramref name="state"/>. <paramref name="write"/> must not
    /// itself call <see cref="Write{TState}"/> (the thread's writer is in use) and should be a static lambda, so that
    /// no closure is allocated per body.
    /// </summary>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        try
        {
            write(writer, state);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A body that failed half-way leaves nothing behind for the next one on this thread.
            writer.Reset(buffer);
            buffer.ResetWrittenCount();
        }
    }
}
