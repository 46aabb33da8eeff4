using System.Buffers.Binary;
using System.Text;

namespace Wharf.Node.Spdy;

/// <summary>
/// The uncompressed name/value block of SPDY/3: a 32-bit pair count, then length-prefixed names and values (32-bit
/// big-endian lengths). Several values of one name travel NUL-separated in one value, so they stay one string here.
/// </summary>
internal static class SpdyHeaderBlock
{
    public static byte[] Encode(IReadOnlyDictionary<string, string> headers)
    {
        using var buffer = new MemoryStream();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, headers.Count);
        buffer.Write(number);
        foreach (var (name, value) in headers)
        {
            foreach (var text in (ReadOnlySpan<string>)[name.ToLowerInvariant(), value])
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                BinaryPrimitives.WriteInt32BigEndian(number, bytes.Length);
                buffer.Write(number);
                buffer.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Reads one block from <paramref name="read"/>, which must fill the span it is given or throw.</summary>
    public static Dictionary<string, string> Decode(Action<Span<byte>> read)
    {
        Span<byte> number = stackalloc byte[4];
        read(number);
        var count = BinaryPrimitives.ReadInt32BigEndian(number);
        if (count < 0 || count > 1024)
            throw new SpdyProtocolException($"header block with {count} pairs");
        var headers = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(read, number);
            var value = ReadString(read, number);
            headers[name.ToLowerInvariant()] = value;
        }
        return headers;
    }

    private static string ReadString(Action<Span<byte>> read, Span<byte> number)
    {
        read(number);
        var length = BinaryPrimitives.ReadInt32BigEndian(number);
        if (length < 0 || length > 1 << 20)
            throw new SpdyProtocolException($"header string of {length} bytes");
        var bytes = new byte[length];
        read(bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
