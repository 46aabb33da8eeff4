using System.Buffers.Binary;

namespace Wharf.Node.Spdy;

/// <summary>
/// Writes SPDY/3 frames. Frames of all streams share one transport and one header compression context, so every
/// write holds the lock from compressing the headers to the last byte on the wire.
/// </summary>
internal sealed class SpdyFrameWriter(Stream transport) : IDisposable
{
    private const int MaxDataFrame = 32 * 1024;
    private readonly SpdyHeaderCompressor _headers = new();
    private readonly SemaphoreSlim _lock = new(1, 1);

    public Task SynStreamAsync(uint streamId, IReadOnlyDictionary<string, string> headers, bool fin, CancellationToken cancellationToken) =>
        ControlWithHeadersAsync(SpdyFrameKind.SynStream, streamId, fin ? SpdyFrame.FlagFin : (byte)0, headers, extra: 6, cancellationToken);

    public Task SynReplyAsync(uint streamId, IReadOnlyDictionary<string, string> headers, bool fin, CancellationToken cancellationToken) =>
        ControlWithHeadersAsync(SpdyFrameKind.SynReply, streamId, fin ? SpdyFrame.FlagFin : (byte)0, headers, extra: 0, cancellationToken);

    public Task RstStreamAsync(uint streamId, uint status, CancellationToken cancellationToken) =>
        ControlAsync(SpdyFrameKind.RstStream, 0, [streamId & 0x7FFFFFFF, status], cancellationToken);

    public Task PingAsync(uint id, CancellationToken cancellationToken) =>
        ControlAsync(SpdyFrameKind.Ping, 0, [id], cancellationToken);

    public Task GoAwayAsync(uint lastStreamId, CancellationToken cancellationToken) =>
        ControlAsync(SpdyFrameKind.GoAway, 0, [lastStreamId & 0x7FFFFFFF, 0], cancellationToken);

    /// <summary>Sends data in frames of at most 32 KiB; <paramref name="fin"/> rides on the last one (an empty frame if no data).</summary>
    public async Task DataAsync(uint streamId, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var head = new byte[8];
            do
            {
                var chunk = data[..Math.Min(data.Length, MaxDataFrame)];
                data = data[chunk.Length..];
                BinaryPrimitives.WriteUInt32BigEndian(head, streamId & 0x7FFFFFFF);
                BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(4), (uint)chunk.Length);
                head[4] = fin && data.IsEmpty ? SpdyFrame.FlagFin : (byte)0;
                await transport.WriteAsync(head, cancellationToken);
                if (!chunk.IsEmpty)
                    await transport.WriteAsync(chunk, cancellationToken);
            }
            while (!data.IsEmpty);
            await transport.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task ControlWithHeadersAsync(SpdyFrameKind kind, uint streamId, byte flags, IReadOnlyDictionary<string, string> headers, int extra, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var block = _headers.Compress(SpdyHeaderBlock.Encode(headers));
            var frame = new byte[8 + 4 + extra + block.Length];
            WriteControlHead(frame, kind, flags, frame.Length - 8);
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), streamId & 0x7FFFFFFF);
            // SYN_STREAM: associated stream 0, priority 0, slot 0 (the 6 extra bytes stay zero).
            block.CopyTo(frame, 12 + extra);
            await transport.WriteAsync(frame, cancellationToken);
            await transport.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task ControlAsync(SpdyFrameKind kind, byte flags, uint[] values, CancellationToken cancellationToken)
    {
        var frame = new byte[8 + 4 * values.Length];
        WriteControlHead(frame, kind, flags, 4 * values.Length);
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8 + 4 * i), values[i]);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await transport.WriteAsync(frame, cancellationToken);
            await transport.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static void WriteControlHead(Span<byte> frame, SpdyFrameKind kind, byte flags, int length)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame, 0x80000000u | (3u << 16) | (ushort)kind);
        BinaryPrimitives.WriteUInt32BigEndian(frame[4..], (uint)length);
        frame[4] = flags;
    }

    public void Dispose() => _lock.Dispose();
}
