using System.Globalization;
using Microsoft.AspNetCore.Http;
using Wharf.Api.Schema;
using Wharf.Api.Schema.OpenApi;
using Wharf.ApiServer.Endpoints;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.OpenApi;

/// <summary>
/// <c>/openapi/v3</c> (the index) and <c>/openapi/v3/apis/GROUP/VERSION?hash=H</c>, built from the schema table for
/// the catalog currently served and rebuilt when the catalog changes (custom resources), so the hashes kubectl
/// caches under always follow the documents. <c>/openapi/v2</c> is handed to <see cref="OpenApiV2Endpoints"/>.
/// </summary>
public sealed class OpenApiV3Endpoints(Func<ResourceCatalog> catalog) : IOpenApiEndpoints
{
    private (ResourceCatalog Catalog, Dictionary<string, GroupVersionDocument> Documents, byte[] Index)? _cache;
    private readonly Lock _gate = new();
    private OpenApiV2Endpoints? _v2;

    public async Task ServeAsync(HttpContext context, string path)
    {
        if (path.TrimEnd('/') == "/openapi/v2")
        {
            await (_v2 ??= new OpenApiV2Endpoints(catalog, ToServed)).ServeAsync(context, path);
            return;
        }
        var (documents, index) = Current();
        if (path.TrimEnd('/') == "/openapi/v3")
        {
            var etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(index))}\"";
            context.Response.Headers.ETag = etag;
            await WriteAsync(context, index);
            return;
        }
        const string prefix = "/openapi/v3/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || !documents.TryGetValue(path[prefix.Length..].TrimEnd('/'), out var document))
            throw StatusErrors.ResourceNotFound(path);

        var requestedHash = context.Request.Query["hash"].ToString();
        if (requestedHash.Length > 0 && !string.Equals(requestedHash, document.Hash, StringComparison.OrdinalIgnoreCase))
        {
            // A stale hash moves permanently to the current document, as upstream does.
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = document.ServerRelativeUrl;
            return;
        }
        context.Response.Headers.ETag = $"\"{document.Hash}\"";
        context.Response.Headers.Vary = "Accept";
        if (requestedHash.Length > 0)
        {
            context.Response.Headers.CacheControl = "public, immutable";
            context.Response.Headers.Expires = DateTimeOffset.UtcNow.AddYears(1).ToString("R", CultureInfo.InvariantCulture);
        }
        else
        {
            context.Response.Headers.CacheControl = "no-cache, private";
        }
        await WriteAsync(context, document.Content);
    }

    private static async Task WriteAsync(HttpContext context, byte[] body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private (Dictionary<string, GroupVersionDocument> Documents, byte[] Index) Current()
    {
        var current = catalog();
        var cache = _cache;
        if (cache is { } c && ReferenceEquals(c.Catalog, current))
            return (c.Documents, c.Index);
        lock (_gate)
        {
            if (_cache is { } again && ReferenceEquals(again.Catalog, current))
                return (again.Documents, again.Index);
            var documents = new Dictionary<string, GroupVersionDocument>(StringComparer.Ordinal);
            foreach (var group in current.Groups)
            {
                foreach (var version in group.Versions)
                {
                    var served = current.InGroupVersion(group.Name, version).Select(ToServed).ToList();
                    var document = OpenApiV3DocumentBuilder.Default.Build(group.Name, version, served);
                    documents[document.Path] = document;
                }
            }
            var index = OpenApiV3Index.Build(documents.Values);
            _cache = (current, documents, index);
            return (documents, index);
        }
    }

    private static ServedResource ToServed(ResourceKind kind) => new(kind.Group, kind.Version, kind.Kind, kind.Plural, kind.Namespaced, kind.Verbs)
    {
        Subresources = kind.Subresources
            .Select(s => new ServedSubresource(s.Name, new GroupVersionKind(s.Group, s.Version, s.Kind.Length == 0 ? kind.Kind : s.Kind), s.Verbs))
            .ToList(),
        CustomResourceSchema = kind.CustomResourceSchema,
    };
}
