namespace Wharf.ApiServer.Hosting.InProcess;

/// <summary>
/// The message handler of an in-process client: each request goes straight into the API server's pipeline (see
/// <see cref="InProcessServer"/>) on this client's <see cref="InProcessConnection"/>, which ends when it is disposed.
/// </summary>
internal sealed class InProcessHandler(InProcessServer server, InProcessConnection connection) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        server.SendAsync(request, connection.Feature, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) connection.Dispose();
        base.Dispose(disposing);
    }
}
