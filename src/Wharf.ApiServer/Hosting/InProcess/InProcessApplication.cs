using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// Runs requests through the host's application (the same pipeline, request metrics and logging Kestrel's requests
/// go through), one <see cref="InProcessExchange"/> each, every request but the long-running ones in one of
/// <paramref name="seats"/> from the moment it enters the pipeline until the pipeline returns.
/// </summary>
internal sealed class InProcessApplication<TContext>(IHttpApplication<TContext> application, InProcessSeats seats, CancellationToken stopping)
    : IInProcessApplication
    where TContext : notnull
{
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, IHttpConnectionFeature connection, CancellationToken ct)
    {
        var seated = request.RequestUri is { IsAbsoluteUri: true } uri && !LongRunningRequest.Is(uri);
        if (seated) await seats.EnterAsync(ct).ConfigureAwait(false);
        InProcessExchange exchange;
        FeatureCollection features;
        try
        {
            (exchange, features) = await CreateAsync(request, connection, ct).ConfigureAwait(false);
        }
        catch
        {
            if (seated) seats.Release();
            throw;
        }
        // The pipeline runs on the caller's thread up to its first wait: an answer served from memory is complete
        // when this returns, without a thread switch. (Queueing it to the thread pool instead was measured in the
        // density benchmark: no difference in CPU or latency.)
        _ = RunAsync(exchange, features, seated);
        return await exchange.Response.ConfigureAwait(false);
    }

    private async Task<(InProcessExchange, FeatureCollection)> CreateAsync(HttpRequestMessage request, IHttpConnectionFeature connection, CancellationToken ct)
    {
        var exchange = new InProcessExchange(request);
        var features = new FeatureCollection(6);
        features.Set<IHttpRequestFeature>(await InProcessRequest.CreateAsync(request, ct).ConfigureAwait(false));
        features.Set<IHttpConnectionFeature>(connection);
        features.Set<IHttpResponseFeature>(exchange);
        features.Set<IHttpResponseBodyFeature>(exchange);
        features.Set<IHttpRequestLifetimeFeature>(exchange);
        exchange.AbortWith(ct, stopping);
        return (exchange, features);
    }

    private async Task RunAsync(InProcessExchange exchange, FeatureCollection features, bool seated)
    {
        try
        {
            await RunAsync(exchange, features).ConfigureAwait(false);
        }
        finally
        {
            if (seated) seats.Release();
        }
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
