using System.Text;
using System.Text.Json.Nodes;
using Wharf.Api.Protobuf.Schema;
using Wharf.Api.Protobuf.Wire;

namespace Wharf.Api.Protobuf.Decoding;

/// <summary>Reads one scalar value and renders it as Go's encoding/json would.</summary>
internal static class ScalarReader
{
    public static WireType ExpectedWireType(ValueKind kind) => kind switch
    {
        ValueKind.Message or ValueKind.String or ValueKind.Bytes => WireType.LengthDelimited,
        ValueKind.Double or ValueKind.Fixed64 or ValueKind.SFixed64 => WireType.Fixed64,
        ValueKind.Float or ValueKind.Fixed32 or ValueKind.SFixed32 => WireType.Fixed32,
        _ => WireType.Varint,
    };

    /// <summary>Reads a scalar of <paramref name="kind"/>; <paramref name="isZero"/> tells Go's omitempty "empty".</summary>
    public static JsonNode Read(ValueKind kind, ref WireReader reader, out bool isZero)
    {
        switch (kind)
        {
            case ValueKind.String:
            {
                var bytes = reader.ReadLengthDelimited();
                isZero = bytes.IsEmpty;
                // Invalid UTF-8 becomes U+FFFD, as Go's JSON encoder does.
                return JsonValue.Create(Encoding.UTF8.GetString(bytes));
            }

            case ValueKind.Bytes:
            {
                var bytes = reader.ReadLengthDelimited();
                isZero = bytes.IsEmpty;
                return JsonValue.Create(Convert.ToBase64String(bytes));
            }

            case ValueKind.Bool:
            {
                var value = reader.ReadVarint() != 0;
                isZero = !value;
                return JsonValue.Create(value);
            }

            case ValueKind.Double:
                return Floating(BitConverter.UInt64BitsToDouble(reader.ReadFixed64()), out isZero);
            case ValueKind.Float:
                return Floating(BitConverter.UInt32BitsToSingle(reader.ReadFixed32()), out isZero);
            case ValueKind.UInt64:
            case ValueKind.Fixed64:
            {
                var value = kind == ValueKind.UInt64 ? reader.ReadVarint() : reader.ReadFixed64();
                isZero = value == 0;
                return JsonValue.Create(value);
            }

            default:
            {
                var value = ReadInteger(kind, ref reader);
                isZero = value == 0;
                return JsonValue.Create(value);
            }
        }
    }

    /// <summary>Reads a signed or 32-bit integer kind as a long, truncating as the protobuf spec says.</summary>
    public static long ReadInteger(ValueKind kind, ref WireReader reader) => kind switch
    {
        ValueKind.Int32 => (int)reader.ReadVarint(),
        ValueKind.Int64 => (long)reader.ReadVarint(),
        ValueKind.UInt32 => (uint)reader.ReadVarint(),
        ValueKind.SInt32 => ZigZag((uint)reader.ReadVarint()),
        ValueKind.SInt64 => ZigZag(reader.ReadVarint()),
        ValueKind.Fixed32 => reader.ReadFixed32(),
        ValueKind.SFixed32 => (int)reader.ReadFixed32(),
        ValueKind.SFixed64 => (long)reader.ReadFixed64(),
        _ => throw new ProtobufDecodeException($"{kind} is not an integer kind"),
    };

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static JsonNode Floating(double value, out bool isZero)
    {
        if (!double.IsFinite(value))
        {
            // Go's encoder refuses NaN and infinities; so does JSON.
            throw new ProtobufDecodeException($"non-finite floating point value {value}");
        }

        isZero = value == 0;
        return JsonValue.Create(value);
    }
}
