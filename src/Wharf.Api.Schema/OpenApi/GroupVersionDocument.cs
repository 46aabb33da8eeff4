namespace Wharf.Api.Schema.OpenApi;

/// <summary>A serialized OpenAPI v3 document of one group-version and its content hash.</summary>
/// <param name="Path">Key in the v3 index: <c>api/v1</c> or <c>apis/apps/v1</c>.</param>
/// <param name="Content">UTF-8 JSON, byte-deterministic for the same input.</param>
/// <param name="Hash">Uppercase hex SHA-512 of <paramref name="Content"/>.</param>
public sealed record GroupVersionDocument(string Path, byte[] Content, string Hash)
{
    /// <summary>The URL the index advertises and kubectl caches as immutable.</summary>
    public string ServerRelativeUrl => $"/openapi/v3/{Path}?hash={Hash}";
}
