using Microsoft.Extensions.Hosting;

namespace Wharf.Network.Ingress.Proxy;

/// <summary>
/// Replaces the console lifetime of the proxy's web host: the Wharf process owns Ctrl+C and SIGTERM and stops the
/// ingress through its token. The console lifetime would hook those signals itself, stop the ingress on its own,
/// and block process exit until this host is disposed.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
