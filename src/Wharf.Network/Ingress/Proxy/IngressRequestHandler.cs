using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.Metrics;
using Wharf.Network.Ingress.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Network.Ingress.Proxy;

/// <summary>
/// Serves one request: HTTP→HTTPS redirect for TLS hosts (except ACME HTTP-01 challenges), route lookup (404
/// without a match), endpoint choice (503 without ready endpoints), then YARP's forwarder. A connection failure marks the endpoint unhealthy and,
/// for an idempotent request without a body whose response has not started, tries another endpoint. Every request
/// is counted and timed in <see cref="IngressMetrics"/> under the route it matched.
/// </summary>
internal sealed class IngressRequestHandler(
    IngressState state,
    BackendResolver resolver,
    EndpointHealth health,
    IHttpForwarder forwarder,
    HttpMessageInvoker invoker,
    IngressMetrics metrics,
    int httpsPort,
    ILogger logger)
{
    private const int MaxAttempts = 3;

    /// <summary>HTTP-01 challenges must be answered over plain HTTP, or a certificate for the host could never be issued.</summary>
    private static readonly PathString AcmeChallenge = "/.well-known/acme-challenge";

    /// <summary>Idle limit on a response or an upgraded (websocket) stream; long polls and quiet sockets need more than a minute.</summary>
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(100) };

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var config = state.Current;
        var request = context.Request;
        var host = request.Host.Host;
        var match = config.Routes.Match(host, request.Path.Value ?? "/");
        try
        {
            await ServeAsync(context, config, host, match);
        }
        finally
        {
            metrics.Observe(match, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    private Task ServeAsync(HttpContext context, IngressConfig config, string host, RouteMatch? match)
    {
        var request = context.Request;
        if (!request.IsHttps && httpsPort > 0 && config.Tls.HasTls(host) && !request.Path.StartsWithSegments(AcmeChallenge))
        {
            var port = httpsPort == 443 ? "" : $":{httpsPort}";
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = $"https://{host}{port}{request.PathBase}{request.Path}{request.QueryString}";
            return Task.CompletedTask;
        }

        if (match is null)
            return ReplyAsync(context, StatusCodes.Status404NotFound, "default backend - 404");

        var target = resolver.Resolve(match.Backend);
        if (target.Destinations.Count == 0)
        {
            Log.NoEndpoints(logger, match.Ingress, match.Backend.ToString(), target.State);
            return ReplyAsync(context, StatusCodes.Status503ServiceUnavailable, "503 Service Temporarily Unavailable");
        }
        return ForwardAsync(context, target, match.Ingress);
    }

    private async Task ForwardAsync(HttpContext context, BackendTarget target, string ingress)
    {
        var retriable = RetryPolicy.IsReplayable(context);
        // Grows only when a connect fails: the common single attempt allocates no list.
        Destination[] tried = [];
        while (EndpointPicker.Pick(target, health, tried) is { } destination)
        {
            var error = await forwarder.SendAsync(context, destination.Prefix, invoker, RequestConfig, IngressTransformer.Instance);
            if (error == ForwarderError.None)
            {
                health.ReportSuccess(destination);
                return;
            }
            if (!RetryPolicy.IsConnectFailure(context)) return;

            health.ReportFailure(destination);
            Log.ConnectFailed(logger, ingress, destination.Endpoint);
            tried = [.. tried, destination];
            if (!retriable || context.Response.HasStarted || tried.Length >= MaxAttempts) return;
            // Nothing reached the client yet: undo the 502 the forwarder set and go again.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Features.Set<IForwarderErrorFeature>(null);
        }
    }

    private static Task ReplyAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n");
    }
}
