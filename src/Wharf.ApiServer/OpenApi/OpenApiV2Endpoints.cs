using System.Globalization;
using Microsoft.AspNetCore.Http;
using Wharf.Api.Schema.OpenApi;
using Wharf.Api.Schema.OpenApiV2;
using Wharf.ApiServer.Endpoints;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.OpenApi;

/// <summary>
/// <c>/openapi/v2</c>: the swagger 2.0 document of everything served, as JSON or, for kubectl (which can only read
/// that), as the gnostic protobuf message. Rebuilt when the catalog changes (custom resources), so the per-format
/// ETag changes with the document and a client's HTTP cache revalidates with <c>If-None-Match</c>.
/// </summary>
public sealed class OpenApiV2Endpoints(Func<ResourceCatalog> catalog, Func<ResourceKind, ServedResource> toServed) : IOpenApiEndpoints
{
    private (ResourceCatalog Catalog, OpenApiV2Document Document, DateTimeOffset Built)? _cache;
    private readonly Lock _gate = new();

    public async Task ServeAsync(HttpContext context, string path)
    {
        if (path.TrimEnd('/') != "/openapi/v2") throw StatusErrors.ResourceNotFound(path);
        var protobuf = WantsProtobuf(context.Request.Headers.Accept.ToString())
            ?? throw StatusErrors.NotAcceptable(
                $"only application/json and {OpenApiV2Document.ProtobufMediaType} are supported for /openapi/v2");
        var (document, built) = Current();
        var (body, etag, contentType) = protobuf
            ? (document.Protobuf, document.ProtobufETag, OpenApiV2Document.ProtobufMediaType)
            : (document.Json, document.JsonETag, "application/json");

        var quoted = $"\"{etag}\"";
        var response = context.Response;
        response.Headers.ETag = quoted;
        response.Headers.Vary = "Accept";
        response.Headers.CacheControl = "no-cache, private";
        response.Headers.LastModified = built.ToString("R", CultureInfo.InvariantCulture);
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(quoted, StringComparison.Ordinal) || v.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The first media type of the client's list that the document is served as; null when none is.</summary>
    private static bool? WantsProtobuf(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept)) return false;
        foreach (var entry in accept.Split(','))
        {
            var mediaType = entry.Split(';')[0].Trim();
            if (mediaType is OpenApiV2Document.ProtobufMediaType or OpenApiV2Document.DeprecatedProtobufMediaType) return true;
            if (mediaType is "application/json" or "application/*" or "*/*") return false;
        }
        return null;
    }

    private (OpenApiV2Document Document, DateTimeOffset Built) Current()
    {
        var current = catalog();
        if (_cache is { } cache && ReferenceEquals(cache.Catalog, current)) return (cache.Document, cache.Built);
        lock (_gate)
        {
            if (_cache is { } again && ReferenceEquals(again.Catalog, current)) return (again.Document, again.Built);
            var document = OpenApiV2DocumentBuilder.Default.Build(current.All.Select(toServed));
            // HTTP dates have whole seconds; Last-Modified is informational, the ETag is what revalidates.
            var built = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            _cache = (current, document, built);
            return (document, built);
        }
    }
}
