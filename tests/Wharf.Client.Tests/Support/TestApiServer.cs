using System.Net;
using Wharf.ApiServer.Hosting;
using Wharf.Client.Rest;

namespace Wharf.Client.Tests.Support;

/// <summary>An in-process API server on a loopback port and a temporary data directory, restartable in place.</summary>
internal sealed class TestApiServer : IAsyncDisposable
{
    private readonly bool _loopbackSocket;

    private TestApiServer(string dataDirectory, ApiServerHost host, bool loopbackSocket)
    {
        DataDirectory = dataDirectory;
        Host = host;
        _loopbackSocket = loopbackSocket;
    }

    public string DataDirectory { get; }

    public ApiServerHost Host { get; private set; }

    /// <param name="loopbackSocket">Also serve the in-process components' Unix socket (DATA/apiserver.sock).</param>
    public static async Task<TestApiServer> StartAsync(bool loopbackSocket = false)
    {
        var dir = Path.Combine(Path.GetTempPath(), "wharf-client-test-" + Guid.NewGuid().ToString("N"));
        return new TestApiServer(dir, await StartHostAsync(dir, 0, loopbackSocket), loopbackSocket);
    }

    public ApiClient NewClient() => ApiClient.Create(Host.Url, Host.Pki.Ca, Host.Pki.Admin);

    /// <summary>Stops the server and starts it again on the same port and data directory.</summary>
    public async Task RestartAsync(TimeSpan downtime = default)
    {
        var port = Host.Url.Port;
        await Host.DisposeAsync();
        if (downtime > TimeSpan.Zero) await Task.Delay(downtime);
        Host = await StartHostAsync(DataDirectory, port, _loopbackSocket);
    }

    public Task StopAsync() => Host.DisposeAsync().AsTask();

    // No controllers run here, so no namespace gets its default ServiceAccount: leave that admission out, as
    // upstream's integration tests do, rather than have every pod create refused.
    private static Task<ApiServerHost> StartHostAsync(string dir, int port, bool loopbackSocket) =>
        ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = dir,
            BindAddress = IPAddress.Loopback,
            HttpsPort = port,
            DisabledAdmissionPlugins = new HashSet<string> { "ServiceAccount" },
            LoopbackSocketPath = loopbackSocket ? Path.Combine(dir, "apiserver.sock") : null,
        }, _ => { }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
