using System.Buffers.Binary;

namespace Wharf.Api.Protobuf.Wire;

/// <summary>
/// A forward-only protobuf wire reader over a span. Every length is checked against the bytes that remain, so a
/// hostile length can neither read past the buffer nor make anything allocate more than the body's size.
/// </summary>
internal ref struct WireReader
{
    private const int MaxVarintBytes = 10;
    private const int MaxFieldNumber = (1 << 29) - 1;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public WireReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly bool End => _position >= _buffer.Length;

    public (int Field, WireType Type) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        var type = (WireType)(int)(tag & 7);
        if (field == 0 || field > MaxFieldNumber)
        {
            throw Malformed($"invalid field number {field}");
        }

        if (type is WireType.StartGroup or WireType.EndGroup || (int)type > 5)
        {
            throw Malformed($"unsupported wire type {(int)type} for field {field}");
        }

        return ((int)field, type);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            if (_position >= _buffer.Length)
            {
                throw Truncated("varint");
            }

            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Malformed("varint longer than 10 bytes");
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "fixed64"));

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "fixed32"));

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw Truncated($"length-delimited field of {length} bytes");
        }

        return Take((int)length, "length-delimited field");
    }

    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8, "fixed64");
                break;
            case WireType.Fixed32:
                Take(4, "fixed32");
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            default:
                throw Malformed($"cannot skip wire type {(int)type}");
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _buffer.Length - _position)
        {
            throw Truncated(what);
        }

        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    private readonly ProtobufDecodeException Truncated(string what) =>
        new($"protobuf data truncated: {what} at offset {_position} runs past the end ({_buffer.Length} bytes)");

    private readonly ProtobufDecodeException Malformed(string what) =>
        new($"malformed protobuf data at offset {_position}: {what}");
}
