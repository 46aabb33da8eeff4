using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Network.Ingress.Proxy;

/// <summary>
/// The default request copy plus what ingress backends expect: the client's Host header (pods serve virtual hosts
/// by it) and X-Forwarded-For/-Host/-Proto/-Port and X-Real-IP. Forwarded headers from the client are replaced,
/// not extended, since nothing in front of the ingress is trusted.
/// </summary>
internal sealed class IngressTransformer : HttpTransformer
{
    public static readonly IngressTransformer Instance = new();

    private IngressTransformer()
    {
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        var headers = proxyRequest.Headers;
        headers.Host = request.Host.Value;
        Set(headers, "X-Forwarded-Host", request.Host.Value);
        Set(headers, "X-Forwarded-Proto", request.Scheme);
        Set(headers, "X-Forwarded-Port", httpContext.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (httpContext.Connection.RemoteIpAddress is { } remote)
        {
            var client = (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
            Set(headers, "X-Forwarded-For", client);
            Set(headers, "X-Real-IP", client);
        }
    }

    private static void Set(System.Net.Http.Headers.HttpRequestHeaders headers, string name, string? value)
    {
        headers.Remove(name);
        if (!string.IsNullOrEmpty(value)) headers.TryAddWithoutValidation(name, value);
    }
}
