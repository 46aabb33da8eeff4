using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Protobuf.Decoding;

/// <summary>Parses JSON text carried inside a protobuf bytes field (RawExtension, FieldsV1, apiextensions JSON).</summary>
internal static class EmbeddedJson
{
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8, int maxDepth, string what)
    {
        try
        {
            return JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = Math.Max(1, maxDepth) });
        }
        catch (JsonException ex)
        {
            throw new ProtobufDecodeException($"{what} does not hold valid JSON: {ex.Message}");
        }
    }
}
