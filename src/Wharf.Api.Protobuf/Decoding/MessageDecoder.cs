using System.Text.Json.Nodes;
using Wharf.Api.Protobuf.Schema;
using Wharf.Api.Protobuf.Wire;

namespace Wharf.Api.Protobuf.Decoding;

/// <summary>
/// Decodes a generated Kubernetes message into the JSON upstream's encoder would write for the same Go object:
/// properties in Go struct order, Go json names, inline fields merged, zero scalars dropped where the Go field is
/// a non-pointer with omitempty (gogo writes them explicitly, Go's JSON leaves them out), well-known types as
/// their custom JSON forms.
/// </summary>
internal sealed class MessageDecoder
{
    /// <summary>
    /// Deepest JSON nesting produced (messages, maps and arrays each count; a Deployment needs about 12). Kept at
    /// System.Text.Json's default so every decoded document can be written back with default options.
    /// </summary>
    public const int MaxDepth = 60;

    private readonly WellKnownDecoder _wellKnown;

    public MessageDecoder(ProtobufSchema schema)
    {
        Schema = schema;
        _wellKnown = new WellKnownDecoder(this);
    }

    public ProtobufSchema Schema { get; }

    /// <summary>Decodes <paramref name="data"/> as <paramref name="message"/>: an object, or a well-known type's value.</summary>
    public JsonNode? DecodeValue(MessageDescriptor message, ReadOnlySpan<byte> data, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ProtobufDecodeException($"protobuf nesting deeper than {MaxDepth} levels at {message.Name}");
        }

        return message.WellKnown == WellKnownType.None
            ? DecodeObject(message, data, depth)
            : _wellKnown.Decode(message, data, depth);
    }

    public JsonObject DecodeObject(MessageDescriptor message, ReadOnlySpan<byte> data, int depth)
    {
        var fields = message.Fields;
        var values = new JsonNode?[fields.Count];
        var present = new bool[fields.Count];
        var reader = new WireReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (!message.TryGetField(number, out var index))
            {
                // Unknown fields are skipped, as upstream's generated unmarshallers do.
                reader.Skip(wireType);
                continue;
            }

            var field = fields[index];
            if (field.IsMap)
            {
                RequireWireType(message, field, wireType, WireType.LengthDelimited);
                var entries = (JsonObject)(values[index] ??= new JsonObject());
                // Maps and arrays are a JSON level of their own: depth counts JSON nesting, so the result always
                // serialises under System.Text.Json's default MaxDepth of 64.
                var (key, value) = ReadMapEntry(message, field, reader.ReadLengthDelimited(), depth + 1);
                entries[key] = value;
                present[index] = true;
            }
            else if (field.IsRepeated)
            {
                var items = (JsonArray)(values[index] ??= new JsonArray());
                ReadRepeated(message, field, wireType, ref reader, items, depth + 1);
                present[index] = true;
            }
            else
            {
                var value = ReadSingle(message, field, field.Kind, field.Message, wireType, ref reader, depth, out var isZero);
                // Last occurrence wins, as in protobuf; a dropped zero also clears an earlier value.
                values[index] = value;
                present[index] = !(isZero && field.DropsZero);
            }
        }

        var result = new JsonObject();
        for (var i = 0; i < fields.Count; i++)
        {
            if (!present[i])
            {
                if (!fields[i].OmitEmpty && !fields[i].IsInline)
                {
                    // Go writes a field without omitempty even when unset: nil slices, maps and pointers as null,
                    // value fields as their zero value.
                    result[fields[i].JsonName] = UnsetValue(fields[i], depth);
                }

                continue;
            }

            if (fields[i].IsInline && values[i] is JsonObject inline)
            {
                MoveProperties(inline, result);
            }
            else
            {
                result[fields[i].JsonName] = values[i];
            }
        }

        return result;
    }

    /// <summary>Reads one non-repeated value of a field (or map value) whose values are <paramref name="kind"/>.</summary>
    private JsonNode? ReadSingle(MessageDescriptor owner, FieldDescriptor field, ValueKind kind, MessageDescriptor? message,
        WireType wireType, ref WireReader reader, int depth, out bool isZero)
    {
        RequireWireType(owner, field, wireType, ScalarReader.ExpectedWireType(kind));
        if (kind != ValueKind.Message)
        {
            return ScalarReader.Read(kind, ref reader, out isZero);
        }

        isZero = false;
        return DecodeValue(message!, reader.ReadLengthDelimited(), depth + 1);
    }

    private void ReadRepeated(MessageDescriptor owner, FieldDescriptor field, WireType wireType, ref WireReader reader,
        JsonArray items, int depth)
    {
        var expected = ScalarReader.ExpectedWireType(field.Kind);
        if (wireType == WireType.LengthDelimited && expected != WireType.LengthDelimited)
        {
            // Packed numeric encoding: one length-delimited run of values.
            var packed = new WireReader(reader.ReadLengthDelimited());
            while (!packed.End)
            {
                items.Add(ScalarReader.Read(field.Kind, ref packed, out _));
            }

            return;
        }

        items.Add(ReadSingle(owner, field, field.Kind, field.Message, wireType, ref reader, depth, out _));
    }

    private (string Key, JsonNode? Value) ReadMapEntry(MessageDescriptor owner, FieldDescriptor field, ReadOnlySpan<byte> entry, int depth)
    {
        var key = string.Empty;
        JsonNode? value = null;
        var hasValue = false;
        var reader = new WireReader(entry);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    RequireWireType(owner, field, wireType, ScalarReader.ExpectedWireType(field.MapKey!.Value));
                    key = ScalarReader.Read(field.MapKey!.Value, ref reader, out _).ToString();
                    break;
                case 2:
                    value = ReadSingle(owner, field, field.Kind, field.Message, wireType, ref reader, depth, out _);
                    hasValue = true;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return (key, hasValue ? value : ZeroValue(field, depth));
    }

    private JsonNode? UnsetValue(FieldDescriptor field, int depth) =>
        field.IsRepeated || field.IsPointer ? null : ZeroValue(field, depth);

    // The zero value of a field's value type (also what a map entry without a value holds).
    private JsonNode? ZeroValue(FieldDescriptor field, int depth) => field.Kind switch
    {
        ValueKind.Message => DecodeValue(field.Message!, ReadOnlySpan<byte>.Empty, depth + 1),
        ValueKind.String or ValueKind.Bytes => JsonValue.Create(string.Empty),
        ValueKind.Bool => JsonValue.Create(false),
        ValueKind.Double or ValueKind.Float => JsonValue.Create(0.0),
        _ => JsonValue.Create(0),
    };

    private static void MoveProperties(JsonObject from, JsonObject to)
    {
        foreach (var (name, value) in from.ToArray())
        {
            from.Remove(name);
            to[name] = value;
        }
    }

    private static void RequireWireType(MessageDescriptor owner, FieldDescriptor field, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new ProtobufDecodeException(
                $"{owner.Name}.{field.JsonName} (field {field.Number}) arrived as wire type {actual}, expected {expected}");
        }
    }
}
