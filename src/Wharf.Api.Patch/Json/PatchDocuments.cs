using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Json;

/// <summary>Parses request bodies into JSON nodes, turning syntax errors into 400 <see cref="PatchException"/>s.</summary>
public static class PatchDocuments
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    /// <summary>Parses UTF-8 JSON; <c>null</c> literal yields <c>null</c>.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json, string what = "patch")
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
            return JsonNode.Parse(ref reader);
        }
        catch (JsonException ex)
        {
            throw PatchException.BadRequest($"error decoding {what}: {ex.Message}");
        }
    }

    public static JsonNode? Parse(string json, string what = "patch")
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: Options);
        }
        catch (JsonException ex)
        {
            throw PatchException.BadRequest($"error decoding {what}: {ex.Message}");
        }
    }
}
