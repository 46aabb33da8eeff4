using System.Text;
using System.Text.Json.Nodes;
using Wharf.Api.Protobuf.Schema;
using Wharf.Api.Protobuf.Wire;

namespace Wharf.Api.Protobuf.Decoding;

/// <summary>
/// Renders messages whose upstream Go types marshal to JSON by hand (see <see cref="WellKnownType"/>). Each reads
/// its own small set of fields and returns the value upstream's JSON holds in their place.
/// </summary>
internal sealed class WellKnownDecoder
{
    private readonly MessageDecoder _messages;

    public WellKnownDecoder(MessageDecoder messages) => _messages = messages;

    public JsonNode? Decode(MessageDescriptor message, ReadOnlySpan<byte> data, int depth) => message.WellKnown switch
    {
        WellKnownType.Time => Time(data, micro: false),
        WellKnownType.MicroTime => Time(data, micro: true),
        WellKnownType.Duration => JsonValue.Create(GoDuration.Format(ReadInt64Field(data, 1))),
        WellKnownType.Quantity => Quantity(data),
        WellKnownType.IntOrString => IntOrString(data),
        WellKnownType.RawExtension => RawExtension(message, data, depth),
        WellKnownType.EmbeddedJson => EmbeddedJsonField(message, data, depth),
        WellKnownType.SliceWrapper => SliceWrapper(message, data, depth),
        WellKnownType.SchemaOrArray or WellKnownType.SchemaOrBool or WellKnownType.SchemaOrStringArray =>
            SchemaUnion(message, data, depth),
        _ => _messages.DecodeObject(message, data, depth),
    };

    private static JsonNode? Time(ReadOnlySpan<byte> data, bool micro)
    {
        // An empty message is Go's zero time (upstream's marshaller writes nothing for it).
        if (data.IsEmpty)
        {
            return null;
        }

        long seconds = 0, nanos = 0;
        var reader = new WireReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is 1 or 2)
            {
                Expect(wireType, WireType.Varint, micro ? "MicroTime" : "Time");
                var value = ScalarReader.ReadInteger(number == 1 ? ValueKind.Int64 : ValueKind.Int32, ref reader);
                (seconds, nanos) = number == 1 ? (value, nanos) : (seconds, value);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        var text = TimeFormatter.Format(seconds, nanos, micro);
        return text is null ? null : JsonValue.Create(text);
    }

    private static JsonNode Quantity(ReadOnlySpan<byte> data)
    {
        var text = ReadStringField(data, 1, "Quantity");
        // Go's zero Quantity marshals as "0".
        return JsonValue.Create(text.Length == 0 ? "0" : text);
    }

    private static JsonNode IntOrString(ReadOnlySpan<byte> data)
    {
        long type = 0, intValue = 0;
        var stringValue = string.Empty;
        var reader = new WireReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    Expect(wireType, WireType.Varint, "IntOrString.type");
                    type = ScalarReader.ReadInteger(ValueKind.Int64, ref reader);
                    break;
                case 2:
                    Expect(wireType, WireType.Varint, "IntOrString.intVal");
                    intValue = ScalarReader.ReadInteger(ValueKind.Int32, ref reader);
                    break;
                case 3:
                    Expect(wireType, WireType.LengthDelimited, "IntOrString.strVal");
                    stringValue = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return type switch
        {
            0 => JsonValue.Create(intValue),
            1 => JsonValue.Create(stringValue),
            _ => throw new ProtobufDecodeException($"IntOrString has impossible type {type}"),
        };
    }

    private JsonNode? RawExtension(MessageDescriptor message, ReadOnlySpan<byte> data, int depth)
    {
        var raw = ReadBytesField(data, 1, message.Name);
        if (raw.IsEmpty)
        {
            return null;
        }

        // Typed clients embed objects as JSON; a nested protobuf envelope is decoded the same way as a body.
        return KubernetesProtobuf.IsEnvelope(raw)
            ? EnvelopeDecoder.Decode(_messages, raw, depth + 1)
            : EmbeddedJson.Parse(raw, MessageDecoder.MaxDepth - depth, message.Name);
    }

    private static JsonNode? EmbeddedJsonField(MessageDescriptor message, ReadOnlySpan<byte> data, int depth)
    {
        var raw = ReadBytesField(data, 1, message.Name);
        return raw.IsEmpty ? null : EmbeddedJson.Parse(raw, MessageDecoder.MaxDepth - depth, message.Name);
    }

    private JsonNode SliceWrapper(MessageDescriptor message, ReadOnlySpan<byte> data, int depth)
    {
        var decoded = _messages.DecodeObject(message, data, depth);
        var items = message.Fields.Count == 1 ? decoded[message.Fields[0].JsonName] : null;
        if (items is null)
        {
            return new JsonArray();
        }

        decoded.Remove(message.Fields[0].JsonName);
        return items;
    }

    // JSONSchemaPropsOr{Array,Bool,StringArray}: the decoded fields pick the JSON shape, as the Go MarshalJSON does.
    private JsonNode? SchemaUnion(MessageDescriptor message, ReadOnlySpan<byte> data, int depth)
    {
        var decoded = _messages.DecodeObject(message, data, depth);
        var schema = Detach(decoded, message.FieldByNumber(message.WellKnown == WellKnownType.SchemaOrBool ? 2 : 1));
        switch (message.WellKnown)
        {
            case WellKnownType.SchemaOrBool:
                var allows = Detach(decoded, message.FieldByNumber(1));
                return schema ?? JsonValue.Create(allows is not null && allows.GetValue<bool>());
            default:
                var list = Detach(decoded, message.FieldByNumber(2));
                return list is JsonArray { Count: > 0 } ? list : schema;
        }
    }

    private static JsonNode? Detach(JsonObject decoded, FieldDescriptor? field)
    {
        if (field is null || !decoded.TryGetPropertyValue(field.JsonName, out var value))
        {
            return null;
        }

        decoded.Remove(field.JsonName);
        return value;
    }

    private static long ReadInt64Field(ReadOnlySpan<byte> data, int wanted)
    {
        long value = 0;
        var reader = new WireReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == wanted)
            {
                Expect(wireType, WireType.Varint, "Duration");
                value = ScalarReader.ReadInteger(ValueKind.Int64, ref reader);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return value;
    }

    private static string ReadStringField(ReadOnlySpan<byte> data, int wanted, string what) =>
        Encoding.UTF8.GetString(ReadBytesField(data, wanted, what));

    private static ReadOnlySpan<byte> ReadBytesField(ReadOnlySpan<byte> data, int wanted, string what)
    {
        var value = ReadOnlySpan<byte>.Empty;
        var reader = new WireReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == wanted)
            {
                Expect(wireType, WireType.LengthDelimited, what);
                value = reader.ReadLengthDelimited();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return value;
    }

    private static void Expect(WireType actual, WireType expected, string what)
    {
        if (actual != expected)
        {
            throw new ProtobufDecodeException($"{what} arrived as wire type {actual}, expected {expected}");
        }
    }
}
