using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Errors;
using Wharf.JsonTrees;

namespace Wharf.ApiServer.Serialization;

/// <summary>
/// Reads request bodies into JSON documents: JSON, YAML and Kubernetes protobuf, within upstream's 3 MiB limit.
/// Anything unreadable is a 400/413/415 Status; nothing is stored from a body that failed here.
/// </summary>
public sealed class BodyDecoder(Func<ReadOnlyMemory<byte>, JsonObject>? protobufDecoder)
{
    public const int MaxBodyBytes = 3 * 1024 * 1024;
    private const int MaxDrainBytes = 8 * 1024 * 1024;
    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 256 };

    public static async Task<byte[]> ReadAllAsync(HttpRequest request, CancellationToken ct)
    {
        // Bodies that announce their length (kubectl's and client-go's do) are read straight into an array of that
        // size: one allocation per write instead of a copy buffer, a growing stream and the final copy.
        if (request.ContentLength is { } length and >= 0 and <= MaxBodyBytes)
        {
            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body, ct);
            return body;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    // Drain a bounded remainder first so that a client still sending its body reads the 413 instead of
                    // a reset connection (Go's server does the same for small remainders).
                    long drained = 0;
                    while (drained < MaxDrainBytes && (read = await request.Body.ReadAsync(chunk, ct)) > 0) drained += read;
                    throw StatusErrors.RequestEntityTooLarge("Request entity too large: limit is 3145728");
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>Decodes an object body by its Content-Type (missing = JSON, as kubectl's scale PUT sends it).</summary>
    public JsonObject DecodeObject(string? contentType, byte[] body)
    {
        var type = MediaTypes.Essence(contentType);
        switch (type)
        {
            case "" or MediaTypes.Json:
                return ParseJsonObject(body);
            case MediaTypes.Yaml or "application/x-yaml" or "text/yaml":
                return YamlToJson.Convert(body);
            case MediaTypes.Protobuf when protobufDecoder is not null:
                return protobufDecoder(body);
            default:
                throw StatusErrors.UnsupportedMediaType(type, MediaTypes.BodyTypes);
        }
    }

    /// <summary>Bodies must be UTF-8; parsed documents only transcode lazily, so check once before anything reads them.</summary>
    public static void RequireUtf8(ReadOnlySpan<byte> body, string what)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
            throw StatusErrors.BadRequest($"error decoding {what}: invalid UTF-8 in the body");
    }

    /// <summary>Whether a body that may be JSON or YAML (apply patches) starts as a JSON object.</summary>
    public static bool IsJsonObject(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{';
    }

    public static JsonObject ParseJsonObject(ReadOnlySpan<byte> body)
    {
        RequireUtf8(body, "request body");
        JsonNode? node;
        try
        {
            node = JsonTreeReader.Parse(body, BodyOptions);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw StatusErrors.BadRequest($"error decoding request body: {e.Message}");
        }
        return node as JsonObject ?? throw StatusErrors.BadRequest("Object 'Kind' is missing in request body: expected a JSON object");
    }

    /// <summary>
    /// A JSON object whose repeated keys keep their last value, as upstream's decoder (Go's encoding/json) keeps
    /// them: for bodies the field check found repeating a key, which <see cref="ParseJsonObject"/> leaves to
    /// JsonNode.Parse's lazily built object (it fails where that object is first read).
    /// </summary>
    public static JsonObject ParseJsonObjectLastWins(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw StatusErrors.BadRequest($"error decoding request body: {e.Message}");
        }
        using (document)
            return LastWins(document.RootElement) as JsonObject ?? throw StatusErrors.BadRequest("Object 'Kind' is missing in request body: expected a JSON object");
    }

    private static JsonNode? LastWins(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                    obj[property.Name] = LastWins(property.Value);
                return obj;
            case JsonValueKind.Array:
                return new JsonArray([.. element.EnumerateArray().Select(LastWins)]);
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    public static JsonNode? ParseJson(ReadOnlySpan<byte> body)
    {
        RequireUtf8(body, "patch");
        try
        {
            return JsonTreeReader.Parse(body, BodyOptions);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw StatusErrors.BadRequest($"error decoding patch: {e.Message}");
        }
    }
}
