using System.Text.Json.Nodes;
using Wharf.Api.Protobuf;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Serialization;

/// <summary>Kubernetes protobuf request bodies (kubectl's typed commands) decoded into JSON documents.</summary>
public static class ProtobufBodies
{
    public static JsonObject Decoder(ReadOnlyMemory<byte> body)
    {
        try
        {
            return KubernetesProtobuf.Decode(body.Span);
        }
        catch (ProtobufDecodeException e)
        {
            throw StatusErrors.BadRequest($"error decoding protobuf request body: {e.Message}");
        }
    }
}
