using System.Buffers.Binary;
using System.Text;

namespace Wharf.Api.Schema.OpenApiV2.Protobuf;

/// <summary>
/// Minimal protobuf wire-format writer (proto3 semantics: zero scalars are omitted unless a oneof case or a repeated
/// element asks for them). Nested messages are written to their own buffer first, then length-prefixed.
/// </summary>
internal sealed class ProtoWriter
{
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int LengthDelimited = 2;

    private readonly MemoryStream _buffer = new();

    public void String(int field, string? value, bool always = false)
    {
        if (string.IsNullOrEmpty(value) && !always) return;
        Bytes(field, Encoding.UTF8.GetBytes(value ?? ""));
    }

    public void Bool(int field, bool value, bool always = false)
    {
        if (!value && !always) return;
        Tag(field, Varint);
        WriteVarint(value ? 1UL : 0UL);
    }

    public void Int64(int field, long value)
    {
        if (value == 0) return;
        Tag(field, Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void Double(int field, double value)
    {
        if (value == 0) return;
        Tag(field, Fixed64);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>A present sub-message is always written, even when empty, as Go's marshaller does for set pointers.</summary>
    public void Message(int field, Action<ProtoWriter> write)
    {
        var nested = new ProtoWriter();
        write(nested);
        Tag(field, LengthDelimited);
        WriteVarint((ulong)nested._buffer.Length);
        nested._buffer.Position = 0;
        nested._buffer.CopyTo(_buffer);
    }

    public byte[] ToArray() => _buffer.ToArray();

    private void Bytes(int field, byte[] value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
