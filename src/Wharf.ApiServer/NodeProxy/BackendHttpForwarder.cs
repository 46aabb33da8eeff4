using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>
/// Forwards one request, any method with its body, from the API server straight to a pod address (pods/proxy and
/// services/proxy), and copies the answer back; hop-by-hop headers and the caller's credentials stay behind.
/// </summary>
public sealed class BackendHttpForwarder(HttpMessageInvoker client)
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host", "Authorization",
        "Content-Length", "Content-Type",
    };

    public async Task ForwardAsync(HttpContext http, Uri target, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), target);
        if (http.Request.ContentLength > 0 || http.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            request.Content = new StreamContent(http.Request.Body);
            if (http.Request.ContentType is { } contentType)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var (name, values) in http.Request.Headers)
        {
            if (!NotForwarded.Contains(name))
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", http.Connection.RemoteIpAddress?.ToString());

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw StatusErrors.ServiceUnavailable($"error trying to reach service: {e.Message}");
        }
        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!NotForwarded.Contains(name) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    http.Response.Headers[name] = values.ToArray();
            }
            http.Response.Headers.Remove("Transfer-Encoding");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await body.CopyToAsync(http.Response.Body, cancellationToken);
        }
    }
}
