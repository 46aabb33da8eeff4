using System.Text.Json.Nodes;
using Wharf.Api.Protobuf.Decoding;
using Wharf.Api.Protobuf.Schema;

namespace Wharf.Api.Protobuf;

/// <summary>
/// Decodes the protobuf request bodies kubectl's typed commands send
/// (<c>Content-Type: application/vnd.kubernetes.protobuf</c>) into the JSON document upstream would write for the
/// same object, with "apiVersion" and "kind" first.
/// </summary>
public static class KubernetesProtobuf
{
    /// <summary>The media type of Kubernetes protobuf bodies.</summary>
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly Lazy<MessageDecoder> Decoder = new(() => new MessageDecoder(ProtobufSchema.Default));

    /// <summary>The four bytes every Kubernetes protobuf body starts with: "k8s\0".</summary>
    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>The Kubernetes version whose generated.proto files the embedded table was made from.</summary>
    public static string KubernetesVersion => ProtobufSchema.Default.KubernetesVersion;

    /// <summary>Whether <paramref name="body"/> starts with the Kubernetes protobuf magic.</summary>
    public static bool IsEnvelope(ReadOnlySpan<byte> body) => body.StartsWith(Magic);

    /// <summary>
    /// Decodes a whole body (magic + runtime.Unknown). Throws <see cref="ProtobufDecodeException"/>, and nothing else,
    /// for any body that is not a well-formed object of a kind in the table.
    /// </summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        try
        {
            return EnvelopeDecoder.Decode(Decoder.Value, body, depth: 0);
        }
        catch (ProtobufDecodeException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A safety net: a decoder bug must still be a 400, not a 500. Tests assert it never fires.
            throw new ProtobufDecodeException($"protobuf body could not be decoded: {ex.Message}", ex);
        }
    }
}
