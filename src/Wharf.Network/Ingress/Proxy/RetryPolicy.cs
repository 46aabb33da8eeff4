using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Network.Ingress.Proxy;

/// <summary>When a failed forward may go to another endpoint: the upstream never took the connection, and the request can be sent again.</summary>
internal static class RetryPolicy
{
    /// <summary>An idempotent method and no body: a body may already be partly sent upstream and cannot be replayed.</summary>
    public static bool IsReplayable(HttpContext context)
    {
        var method = context.Request.Method;
        var idempotent = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || HttpMethods.IsTrace(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);
        return idempotent && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
    }

    /// <summary>Whether the forwarder failed before the upstream accepted the connection (so it surely saw nothing).</summary>
    public static bool IsConnectFailure(HttpContext context)
    {
        for (var e = context.Features.Get<IForwarderErrorFeature>()?.Exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } or SocketException or TimeoutException)
                return true;
        }
        return false;
    }
}
