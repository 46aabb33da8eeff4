using System.Buffers.Binary;

namespace Wharf.Node.Spdy;

/// <summary>
/// The sending half of SPDY/3 header compression: one zlib stream per connection direction, primed with the
/// SPDY dictionary. Wharf's header blocks are tiny, so they go out as stored (uncompressed) deflate blocks: each
/// frame ends like a sync flush (byte-aligned, closed by an empty stored block), and any zlib reader with the
/// dictionary accepts them.
/// </summary>
internal sealed class SpdyHeaderCompressor
{
    private const int MaxStoredBlock = 65535;
    private bool _headerWritten;

    public byte[] Compress(ReadOnlySpan<byte> block)
    {
        using var output = new MemoryStream(block.Length + 16);
        if (!_headerWritten)
        {
            // CMF 0x78 (deflate, 32 KiB window), FLG 0x20 (preset dictionary; 0x7820 is a multiple of 31), DICTID.
            output.Write([0x78, 0x20]);
            Span<byte> id = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(id, Adler32(SpdyHeaderDictionary.Bytes));
            output.Write(id);
            _headerWritten = true;
        }
        Span<byte> head = stackalloc byte[5];
        do
        {
            var length = Math.Min(block.Length, MaxStoredBlock);
            head[0] = 0; // BFINAL 0, BTYPE 00 (stored), padding to the byte boundary
            BinaryPrimitives.WriteUInt16LittleEndian(head[1..], (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(head[3..], (ushort)~length);
            output.Write(head);
            output.Write(block[..length]);
            block = block[length..];
        }
        while (block.Length > 0);
        // The empty stored block a sync flush ends with: Go's inflater hands out a stored block's bytes only at
        // the next block boundary, so without it the last header bytes would wait for the next frame.
        output.Write([0x00, 0x00, 0x00, 0xFF, 0xFF]);
        return output.ToArray();
    }

    internal static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }
}
