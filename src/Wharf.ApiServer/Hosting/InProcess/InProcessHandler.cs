namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// The message handler of an in-process client: each request goes straight into the API server's pipeline (see
/// <see cref="InProcessServer"/>) on this client's <see cref="InProcessConnection"/>, which ends when it is disposed.
/// </summary>
internal sealed class InProcessHandler(InProcessServer server, InProcessConnection connection) : HttpMessageHandler
{
    private volatile bool _disposed;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Past its connection's end a request would reach the server as nobody's (401): say what is wrong instead.
        ObjectDisposedException.ThrowIf(_disposed, this);
        return server.SendAsync(request, connection.Feature, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            connection.Dispose();
        }
        base.Dispose(disposing);
    }
}
