using System.Buffers;

namespace Wharf.Client.Rest;

/// <summary>
/// An answer's body read to its end into a buffer from the shared pool, for callers that parse it at once: no
/// buffered copy inside the content and no exact-size array copied out of it (ReadAsByteArrayAsync made both).
/// Bodies past <see cref="MaxPooledLength"/> (a list) get an array of their own, which is not pooled, so that large
/// answers do not stay in the pool (with 1 MiB, the lists of start-up raised the idle server's RSS by 1.5 MB).
/// </summary>
internal sealed class PooledAnswer : IDisposable
{
    internal const int MaxPooledLength = 64 * 1024;
    private const int FirstLength = 4096;

    private byte[] _buffer;
    private int _length;

    private PooledAnswer(byte[] buffer) => _buffer = buffer;

    /// <summary>The body; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public static async Task<PooledAnswer> ReadAsync(HttpContent content, CancellationToken ct)
    {
        // One byte past a known length, so that the read which finds the end needs no larger buffer.
        var expected = content.Headers.ContentLength is long length and >= 0 and < MaxPooledLength ? (int)length + 1 : FirstLength;
        var answer = new PooledAnswer(Rent(expected));
        try
        {
            await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            while (true)
            {
                if (answer._length == answer._buffer.Length) answer.Grow();
                var read = await stream.ReadAsync(answer._buffer.AsMemory(answer._length), ct).ConfigureAwait(false);
                if (read == 0) return answer;
                answer._length += read;
            }
        }
        catch
        {
            answer.Dispose();
            throw;
        }
    }

    private void Grow()
    {
        var larger = Rent(checked(_buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        Return(_buffer);
        _buffer = larger;
    }

    private static byte[] Rent(int length) =>
        length <= MaxPooledLength ? ArrayPool<byte>.Shared.Rent(length) : GC.AllocateUninitializedArray<byte>(length);

    private static void Return(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledLength) ArrayPool<byte>.Shared.Return(buffer);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) Return(buffer);
        _length = 0;
    }
}
