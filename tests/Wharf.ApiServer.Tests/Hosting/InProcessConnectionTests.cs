using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Hosting.InProcess;

namespace Wharf.ApiServer.Tests.Hosting;

/// <summary>An in-process client's connection: the server's own identity while it is open, and only then.</summary>
public sealed class InProcessConnectionTests
{
    [Fact]
    public void Connection_IsALoopbackConnectionUntilDisposed()
    {
        var loopback = new LoopbackConnections();
        var connection = new InProcessConnection(loopback);
        var other = new InProcessConnection(loopback);

        Assert.True(loopback.Contains(RequestOn(connection)));
        connection.Dispose();

        Assert.False(loopback.Contains(RequestOn(connection)));
        Assert.True(loopback.Contains(RequestOn(other)));
        Assert.NotEqual(connection.Feature.ConnectionId, other.Feature.ConnectionId);
        other.Dispose();
    }

    [Fact]
    public async Task DisposedHandler_RefusesRequests()
    {
        var server = new InProcessServer(new NoServer(), new InProcessSeats(1));
        var handler = new InProcessHandler(server, new InProcessConnection(new LoopbackConnections()));
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        handler.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://localhost/version"), CancellationToken.None));
    }

    [Fact]
    public async Task ServerNotStarted_RefusesRequestsAsAnUnreachableServer()
    {
        var server = new InProcessServer(new NoServer(), new InProcessSeats(1));
        using var invoker = new HttpMessageInvoker(new InProcessHandler(server, new InProcessConnection(new LoopbackConnections())));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://localhost/version"), CancellationToken.None));
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }

    private static DefaultHttpContext RequestOn(InProcessConnection connection)
    {
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature());
        features.Set(connection.Feature);
        return new DefaultHttpContext(features);
    }

    /// <summary>A server that never starts: what the in-process server wraps before the host starts it.</summary>
    private sealed class NoServer : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
