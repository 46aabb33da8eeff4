using Microsoft.AspNetCore.Http;

namespace Wharf.ApiServer.Endpoints;

/// <summary>Serves <c>/openapi/v2</c> and <c>/openapi/v3[/…]</c>.</summary>
public interface IOpenApiEndpoints
{
    Task ServeAsync(HttpContext context, string path);
}
