using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// Kestrel with a second way in: it captures the application the host starts so that in-process clients can hand
/// it requests directly (<see cref="InProcessHandler"/>), without a socket or HTTP/2 framing on either end. Network
/// listeners are Kestrel's, unchanged.
/// </summary>
internal sealed class InProcessServer(IServer inner, InProcessSeats seats) : IServer
{
    private readonly CancellationTokenSource _stopping = new();
    private volatile IInProcessApplication? _application;

    public IFeatureCollection Features => inner.Features;

    /// <summary>Replaces the registered <see cref="IServer"/> (Kestrel) with this decorator around it.</summary>
    public static void Decorate(IServiceCollection services, int seats)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IServer))
            ?? throw new InvalidOperationException("no IServer is registered to serve in-process requests through");
        services.Remove(registered);
        services.AddSingleton<IServer>(sp => new InProcessServer(Resolve(registered, sp), new InProcessSeats(seats)));
    }

    private static IServer Resolve(ServiceDescriptor registered, IServiceProvider services) => registered switch
    {
        { ImplementationInstance: IServer instance } => instance,
        { ImplementationFactory: { } factory } => (IServer)factory(services),
        { ImplementationType: { } type } => (IServer)ActivatorUtilities.CreateInstance(services, type),
        _ => throw new InvalidOperationException($"cannot create the registered server {registered}"),
    };

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
    {
        await inner.StartAsync(application, cancellationToken);
        _application = new InProcessApplication<TContext>(application, seats, _stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // In-process requests end at once, watches included: their clients are the server's own components, which
        // stop with it, so there is nothing to drain them for (Kestrel drains its own connections below).
        _application = null;
        await _stopping.CancelAsync();
        await inner.StopAsync(cancellationToken);
    }

    /// <summary>Runs one request through the application; fails as a refused connection when the server is not running.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, IHttpConnectionFeature connection, CancellationToken ct) =>
        _application is { } application
            ? application.SendAsync(request, connection, ct)
            : Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "the API server is not running"));

    public void Dispose()
    {
        inner.Dispose();
        _stopping.Dispose();
    }
}
