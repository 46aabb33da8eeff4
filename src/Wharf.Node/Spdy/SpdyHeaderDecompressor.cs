using System.IO.Compression;

namespace Wharf.Node.Spdy;

/// <summary>
/// The receiving half of SPDY/3 header compression: one inflate context for all header blocks of a connection
/// direction. .NET's inflater takes no preset dictionary, so the dictionary is fed to it first as a stored
/// deflate block (after the peer's zlib header is stripped) and its output is skipped: back-references into the
/// dictionary then resolve from the window as zlib's own dictionary support would resolve them.
/// </summary>
internal sealed class SpdyHeaderDecompressor : IDisposable
{
    private readonly FrameInput _input = new();
    private readonly DeflateStream _inflater;
    private bool _started;

    public SpdyHeaderDecompressor()
    {
        _inflater = new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>Decodes the header block of one frame; the peer flushed its compressor at the end of it.</summary>
    public Dictionary<string, string> Decompress(ReadOnlyMemory<byte> compressed)
    {
        if (!_started)
        {
            compressed = StripZlibHeader(compressed);
            _input.Set(DictionaryPreface(), compressed);
            Skip(SpdyHeaderDictionary.Bytes.Length);
            _started = true;
        }
        else
        {
            _input.Set(ReadOnlyMemory<byte>.Empty, compressed);
        }
        return SpdyHeaderBlock.Decode(ReadExactly);
    }

    private void ReadExactly(Span<byte> buffer)
    {
        try
        {
            _inflater.ReadExactly(buffer);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new SpdyProtocolException("truncated or corrupt compressed header block: " + e.Message);
        }
    }

    private void Skip(int count)
    {
        var scratch = new byte[count];
        ReadExactly(scratch);
    }

    private static ReadOnlyMemory<byte> StripZlibHeader(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        if (span.Length < 2 || (span[0] & 0x0f) != 8 || ((span[0] << 8) | span[1]) % 31 != 0)
            throw new SpdyProtocolException("header block does not start with a zlib header");
        var withDictionary = (span[1] & 0x20) != 0;
        return data[(withDictionary ? 6 : 2)..];
    }

    private static byte[] DictionaryPreface()
    {
        var dictionary = SpdyHeaderDictionary.Bytes;
        var preface = new byte[5 + dictionary.Length];
        preface[0] = 0; // stored block, not final
        preface[1] = (byte)dictionary.Length;
        preface[2] = (byte)(dictionary.Length >> 8);
        preface[3] = (byte)~preface[1];
        preface[4] = (byte)~preface[2];
        dictionary.CopyTo(preface, 5);
        return preface;
    }

    public void Dispose()
    {
        _inflater.Dispose();
        _input.Dispose();
    }

    /// <summary>The inflater's input: the bytes of the current frame only; it runs dry (reads 0) past them.</summary>
    private sealed class FrameInput : Stream
    {
        private ReadOnlyMemory<byte> _first;
        private ReadOnlyMemory<byte> _second;

        public void Set(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
        {
            _first = first;
            _second = second;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            ref var source = ref _first.IsEmpty ? ref _second : ref _first;
            var n = Math.Min(buffer.Length, source.Length);
            source.Span[..n].CopyTo(buffer);
            source = source[n..];
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
