using System.Text.Json.Nodes;

namespace Wharf.Client.Rest;

/// <summary>The JSON answer of a raw GET with the media type the server chose (discovery tells formats apart by it).</summary>
public sealed record RawResponse(string? ContentType, JsonNode? Body);
