using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Discovery;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Requests;
using Wharf.ApiServer.Serialization;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// The API server's one request pipeline: authenticate, then route to version/health/discovery/OpenAPI
/// documents or to a resource handler, and turn every failure into a Status answer.
/// </summary>
public sealed partial class ApiRouter(
    Func<ResourceCatalog> catalog,
    RequestAuthenticator authenticator,
    ResourceHandler resources,
    SubresourceHandlers subresources,
    ReviewHandler reviews,
    IOpenApiEndpoints openApi,
    HealthChecks health,
    ClusterCaPem caPemHolder,
    ApiMetrics metrics,
    ILogger<ApiRouter> logger)
{
    private readonly string caPem = caPemHolder.Pem;

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        RequestInfo? info = null;
        try
        {
            var path = context.Request.Path.Value ?? "/";
            if (await TryServePublicAsync(context, path))
                return;

            var user = authenticator.Authenticate(context);
            if (user == UserInfo.Anonymous)
                throw StatusErrors.Unauthorized();
            context.Items[typeof(UserInfo)] = user;

            if (await TryServeDiscoveryAsync(context, path))
                return;
            if (path.StartsWith("/openapi/", StringComparison.Ordinal))
            {
                await openApi.ServeAsync(context, path);
                return;
            }

            info = RequestInfoParser.Parse(context.Request.Method, path, context.Request.Query["watch"] is var w && w.Count > 0 && w[^1] is "true" or "1" or "");
            if (info is null)
                throw StatusErrors.ResourceNotFound(path);
            var kind = catalog().Find(info.Group, info.Version, info.Resource)
                ?? throw StatusErrors.ResourceNotFound(path);
            var ns = kind.Namespaced ? info.Namespace : null;
            if (!kind.Namespaced && info.Namespace is not null && kind.Plural != "namespaces")
                throw StatusErrors.ResourceNotFound(path);
            var request = new RequestContext(context, info, kind, ns, user, AcceptHeader.Parse(context.Request.Headers.Accept));
            if (!kind.Stored && info.Subresource is null)
                await reviews.HandleAsync(request);
            else if (info.Subresource is null or "status")
            {
                ResponseNegotiation.Check(request);
                await resources.HandleAsync(request);
            }
            else
                await subresources.HandleAsync(request);
        }
        catch (StatusException e)
        {
            if (!context.Response.HasStarted)
                await HttpResponses.WriteStatusAsync(context, e);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path, e);
            if (!context.Response.HasStarted)
                await HttpResponses.WriteStatusAsync(context, StatusErrors.Internal(e.Message));
        }
        finally
        {
            metrics.Observe(info, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    private static readonly string[] HealthEndpoints = ["healthz", "livez", "readyz"];

    /// <summary>Version and health answer without credentials, as upstream's system:public-info-viewer allows.</summary>
    private async Task<bool> TryServePublicAsync(HttpContext context, string path)
    {
        if (path == "/cacerts")
        {
            // What joining agents download (and check against the hash in their token) before trusting this server.
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(caPem);
            return true;
        }
        if (path == "/version" || path == "/version/")
        {
            await HttpResponses.WriteJsonAsync(context, 200, VersionInfo.Document());
            return true;
        }
        foreach (var endpoint in HealthEndpoints)
        {
            if (!path.AsSpan(1).StartsWith(endpoint, StringComparison.Ordinal)) continue;
            if (path.Length == endpoint.Length + 1)
            {
                await health.ServeAsync(context, endpoint, null);
                return true;
            }
            if (path[endpoint.Length + 1] == '/')
            {
                await health.ServeAsync(context, endpoint, path[(endpoint.Length + 2)..]);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Discovery documents live at <c>/api</c>, <c>/api/v1</c>, <c>/apis</c> and <c>/apis/G[/V]</c>: at most three
    /// path segments. Checked without allocating so that resource requests skip discovery routing cheaply.
    /// </summary>
    internal static bool MayBeDiscovery(string path)
    {
        if (!path.StartsWith("/api", StringComparison.Ordinal)) return false;
        var segments = 0;
        var inSegment = false;
        foreach (var c in path)
        {
            if (c == '/')
            {
                inSegment = false;
            }
            else if (!inSegment)
            {
                inSegment = true;
                if (++segments > 3) return false;
            }
        }
        return true;
    }

    private async Task<bool> TryServeDiscoveryAsync(HttpContext context, string path)
    {
        if (!MayBeDiscovery(path)) return false;
        path = path.TrimEnd('/');
        var accept = AcceptHeader.Parse(context.Request.Headers.Accept);
        var current = catalog();
        switch (path)
        {
            case "/api" or "/apis":
                var core = path == "/api";
                if (accept.WantsAggregatedDiscovery)
                {
                    var beta = accept.AggregatedVersion == "v2beta1";
                    await HttpResponses.WriteJsonAsync(context, 200,
                        DiscoveryDocuments.Aggregated(current, core, beta ? "apidiscovery.k8s.io/v2beta1" : "apidiscovery.k8s.io/v2"),
                        beta ? DiscoveryDocuments.AggregatedBetaContentType : DiscoveryDocuments.AggregatedContentType);
                }
                else
                {
                    await HttpResponses.WriteJsonAsync(context, 200, core
                        ? DiscoveryDocuments.ApiVersions($"{context.Request.Host}")
                        : DiscoveryDocuments.GroupList(current));
                }
                return true;
            case "/api/v1":
                await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.ResourceList(current, "", "v1"));
                return true;
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length is 2 or 3 && segments[0] == "apis")
        {
            var group = current.Groups.FirstOrDefault(g => g.Name == segments[1]);
            if (group is null) throw StatusErrors.ResourceNotFound(path);
            if (segments.Length == 2)
            {
                await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.Group(group));
                return true;
            }
            if (!group.Versions.Contains(segments[2])) throw StatusErrors.ResourceNotFound(path);
            await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.ResourceList(current, group.Name, segments[2]));
            return true;
        }
        return false;
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "unhandled error serving {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception error);
}

/// <summary>The cluster CA certificate in PEM form, as served at <c>/cacerts</c>.</summary>
public sealed record ClusterCaPem(string Pem);
