using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// Runs requests through the host's application (the same pipeline, request metrics and logging Kestrel's requests
/// go through), one <see cref="InProcessExchange"/> each.
/// </summary>
internal sealed class InProcessApplication<TContext>(IHttpApplication<TContext> application, CancellationToken stopping) : IInProcessApplication
    where TContext : notnull
{
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, IHttpConnectionFeature connection, CancellationToken ct)
    {
        var exchange = new InProcessExchange(request);
        var features = new FeatureCollection(6);
        features.Set<IHttpRequestFeature>(await InProcessRequest.CreateAsync(request, ct).ConfigureAwait(false));
        features.Set<IHttpConnectionFeature>(connection);
        features.Set<IHttpResponseFeature>(exchange);
        features.Set<IHttpResponseBodyFeature>(exchange);
        features.Set<IHttpRequestLifetimeFeature>(exchange);
        exchange.AbortWith(ct, stopping);
        // The pipeline runs on the caller's thread up to its first wait: an answer served from memory is complete
        // when this returns, without a thread switch. (Queueing it to the thread pool instead was measured in the
        // density benchmark: no difference in CPU or latency.)
        _ = RunAsync(exchange, features);
        return await exchange.Response.ConfigureAwait(false);
    }

    private async Task RunAsync(InProcessExchange exchange, FeatureCollection features)
    {
        TContext context;
        try
        {
            context = application.CreateContext(features);
        }
        catch (Exception e)
        {
            exchange.Fail(e);
            return;
        }
        Exception? error = null;
        try
        {
            await application.ProcessRequestAsync(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }
        try
        {
            await exchange.FinishAsync(error).ConfigureAwait(false);
        }
        finally
        {
            application.DisposeContext(context, error);
        }
    }
}
