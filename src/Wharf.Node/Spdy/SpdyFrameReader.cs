using System.Buffers.Binary;

namespace Wharf.Node.Spdy;

/// <summary>Reads SPDY/3 frames off a byte stream, decompressing header blocks with the connection's context.</summary>
internal sealed class SpdyFrameReader(Stream transport) : IDisposable
{
    private const int MaxFrameLength = 16 << 20;
    private readonly SpdyHeaderDecompressor _headers = new();
    private readonly byte[] _head = new byte[8];

    /// <summary>The next frame, or null when the peer closed the connection between frames.</summary>
    public async Task<SpdyFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(_head, cancellationToken))
            return null;
        var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(_head.AsSpan(4)) & 0xFFFFFF);
        var flags = _head[4];
        if (length > MaxFrameLength)
            throw new SpdyProtocolException($"frame of {length} bytes");
        var body = new byte[length];
        if (!await FillAsync(body, cancellationToken))
            throw new SpdyProtocolException("connection closed inside a frame");

        var first = BinaryPrimitives.ReadUInt32BigEndian(_head);
        if ((first & 0x80000000) == 0)
            return new SpdyFrame(SpdyFrameKind.Data, first & 0x7FFFFFFF, flags) { Data = body };

        var version = (first >> 16) & 0x7FFF;
        if (version != 3)
            throw new SpdyProtocolException($"SPDY version {version}");
        var kind = (SpdyFrameKind)(first & 0xFFFF);
        switch (kind)
        {
            case SpdyFrameKind.SynStream:
                Need(body, 10);
                return new SpdyFrame(kind, StreamId(body), flags) { Headers = _headers.Decompress(body.AsMemory(10)) };
            case SpdyFrameKind.SynReply or SpdyFrameKind.Headers:
                Need(body, 4);
                return new SpdyFrame(kind, StreamId(body), flags) { Headers = _headers.Decompress(body.AsMemory(4)) };
            case SpdyFrameKind.RstStream or SpdyFrameKind.WindowUpdate or SpdyFrameKind.GoAway:
                Need(body, 8);
                return new SpdyFrame(kind, StreamId(body), flags) { Value = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(4)) };
            case SpdyFrameKind.Ping:
                Need(body, 4);
                return new SpdyFrame(kind, 0, flags) { Value = BinaryPrimitives.ReadUInt32BigEndian(body) };
            default:
                // SETTINGS and unknown control frames carry nothing Wharf acts on.
                return new SpdyFrame(kind, 0, flags) { Data = body };
        }
    }

    private static uint StreamId(byte[] body) => BinaryPrimitives.ReadUInt32BigEndian(body) & 0x7FFFFFFF;

    private static void Need(byte[] body, int length)
    {
        if (body.Length < length)
            throw new SpdyProtocolException($"control frame of {body.Length} bytes, expected at least {length}");
    }

    private async Task<bool> FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await transport.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == buffer.Length) return true;
        if (read == 0) return false;
        throw new SpdyProtocolException("connection closed inside a frame");
    }

    public void Dispose() => _headers.Dispose();
}
