using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// The request an <see cref="HttpRequestMessage"/> would be once Kestrel had parsed it off the loopback socket:
/// HTTP/2 over plain HTTP, the decoded path and raw query, every header (content headers and Host included) and the
/// body as the content's own stream (a buffered content's is a view of its bytes: nothing is copied).
/// </summary>
internal static class InProcessRequest
{
    public static async ValueTask<HttpRequestFeature> CreateAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        if (!uri.IsAbsoluteUri) throw new InvalidOperationException("the request URI must be absolute (set the client's base address)");
        IHeaderDictionary headers = new HeaderDictionary();
        Copy(request.Headers, headers);
        headers.Host = request.Headers.Host ?? uri.Authority;
        var body = Stream.Null;
        if (request.Content is { } content)
        {
            Copy(content.Headers, headers);
            if (content.Headers.ContentLength is { } length) headers.ContentLength = length;
            body = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        }
        return new HttpRequestFeature
        {
            Protocol = "HTTP/2",
            Scheme = uri.Scheme,
            Method = request.Method.Method,
            PathBase = "",
            Path = PathString.FromUriComponent(uri.AbsolutePath).Value ?? "/",
            QueryString = uri.Query,
            RawTarget = uri.PathAndQuery,
            Headers = headers,
            Body = body,
        };
    }

    private static void Copy(HttpHeaders from, IHeaderDictionary to)
    {
        // NonValidated: the values as the client set them, without parsing each into typed header values.
        foreach (var (name, values) in from.NonValidated)
            to[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues(values.ToArray());
    }
}
