using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Prometheus;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// <c>/metrics</c> for authenticated clients (as upstream, where it needs a token or certificate): the API server's own
/// registry followed by the metrics of components running in the same process (the scheduler), each written by its
/// owner in Prometheus text format.
/// </summary>
public sealed class MetricsEndpoint(CollectorRegistry registry, RequestAuthenticator authenticator)
{
    private readonly ConcurrentQueue<Action<TextWriter>> _sources = new();

    public void AddSource(Action<TextWriter> source) => _sources.Enqueue(source);

    public async Task ServeAsync(HttpContext context)
    {
        if (authenticator.Authenticate(context) == UserInfo.Anonymous)
        {
            await HttpResponses.WriteStatusAsync(context, StatusErrors.Unauthorized());
            return;
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        // Sources write synchronously; Kestrel allows only asynchronous writes to the response, so buffer them.
        foreach (var source in _sources)
        {
            using var text = new StringWriter();
            source(text);
            await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
        }
    }
}
