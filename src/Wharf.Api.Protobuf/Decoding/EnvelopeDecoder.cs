using System.Text;
using System.Text.Json.Nodes;
using Wharf.Api.Protobuf.Wire;

namespace Wharf.Api.Protobuf.Decoding;

/// <summary>
/// Reads the "k8s\0" + runtime.Unknown envelope (1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding,
/// 4 contentType) and decodes raw as the message its apiVersion and kind name.
/// </summary>
internal static class EnvelopeDecoder
{
    public static JsonObject Decode(MessageDecoder decoder, ReadOnlySpan<byte> body, int depth)
    {
        if (!KubernetesProtobuf.IsEnvelope(body))
        {
            throw new ProtobufDecodeException("body does not start with the Kubernetes protobuf magic \"k8s\\0\"");
        }

        string apiVersion = string.Empty, kind = string.Empty, contentEncoding = string.Empty, contentType = string.Empty;
        var raw = ReadOnlySpan<byte>.Empty;
        var reader = new WireReader(body[KubernetesProtobuf.Magic.Length..]);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is < 1 or > 4)
            {
                reader.Skip(wireType);
                continue;
            }

            if (wireType != WireType.LengthDelimited)
            {
                throw new ProtobufDecodeException($"runtime.Unknown field {number} arrived as wire type {wireType}");
            }

            var value = reader.ReadLengthDelimited();
            switch (number)
            {
                case 1:
                    (apiVersion, kind) = ReadTypeMeta(value);
                    break;
                case 2:
                    raw = value;
                    break;
                case 3:
                    contentEncoding = Encoding.UTF8.GetString(value);
                    break;
                default:
                    contentType = Encoding.UTF8.GetString(value);
                    break;
            }
        }

        if (contentEncoding.Length != 0)
        {
            throw new ProtobufDecodeException($"unsupported protobuf content encoding \"{contentEncoding}\"");
        }

        if (contentType.Length != 0 && !contentType.StartsWith(KubernetesProtobuf.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new ProtobufDecodeException($"unsupported embedded content type \"{contentType}\"");
        }

        if (kind.Length == 0 || apiVersion.Length == 0)
        {
            throw new ProtobufDecodeException("protobuf envelope does not name apiVersion and kind");
        }

        var message = decoder.Schema.FindKind(apiVersion, kind)
            ?? throw new ProtobufDecodeException($"no protobuf schema for kind \"{kind}\" in \"{apiVersion}\"");

        var result = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
        };
        var decoded = decoder.DecodeObject(message, raw, depth);
        foreach (var (name, value) in decoded.ToArray())
        {
            decoded.Remove(name);
            if (name is not ("apiVersion" or "kind"))
            {
                result[name] = value;
            }
        }

        return result;
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ReadOnlySpan<byte> data)
    {
        string apiVersion = string.Empty, kind = string.Empty;
        var reader = new WireReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is 1 or 2 && wireType == WireType.LengthDelimited)
            {
                var text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                (apiVersion, kind) = number == 1 ? (text, kind) : (apiVersion, text);
            }
            else if (number is 1 or 2)
            {
                throw new ProtobufDecodeException($"runtime.TypeMeta field {number} arrived as wire type {wireType}");
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return (apiVersion, kind);
    }
}
