using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// One server per test class (xunit class fixture). Tests stay independent by working in their own namespace
/// (<see cref="CreateNamespaceAsync"/>) and by taking a fresh <see cref="Kubectl"/> runner each. Control plane only
/// unless a derived fixture asks for more through <see cref="Options"/>.
/// </summary>
public class WharfServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan SystemObjectsWithin = TimeSpan.FromSeconds(30);

    private WharfServer? _server;
    private RawApi? _raw;

    public WharfServer Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>The server, or null when <see cref="InitializeAsync"/> failed before it started (for cleanup code).</summary>
    protected WharfServer? StartedServer => _server;

    /// <summary>Certificate-authenticated HTTP to the server (rebuilt after a restart by <see cref="Reconnect"/>).</summary>
    public RawApi Raw => _raw ??= RawApi.FromKubeconfig(Server.KubeconfigPath);

    protected virtual WharfServerOptions Options => WharfServerOptions.ControlPlaneOnly;

    public virtual async Task InitializeAsync()
    {
        _server = await WharfServer.StartAsync(Options, CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        _raw?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>A kubectl runner with its own cache dir; dispose it at the end of the test.</summary>
    public Kubectl Kubectl() => new(Server.KubeconfigPath);

    /// <summary>The official C# client, configured from the server's kubeconfig.</summary>
    public Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath));

    /// <summary>Drops cached connections after a restart (the port, and so the kubeconfig, may have changed).</summary>
    public void Reconnect()
    {
        _raw?.Dispose();
        _raw = null;
    }

    /// <summary>
    /// Creates a namespace with a unique name so tests sharing this server never see each other's objects, and waits
    /// (as upstream's e2e framework does) until the controllers have put the <c>default</c> ServiceAccount and the
    /// <c>kube-root-ca.crt</c> ConfigMap into it, so no test races their arrival.
    /// </summary>
    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        var name = UniqueName(prefix);
        using var client = Client();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        await Poll.UntilAsync(() => ExistsAsync(() => client.CoreV1.ReadNamespacedServiceAccountAsync(SystemObjects.DefaultServiceAccount, name)),
            SystemObjectsWithin, $"ServiceAccount {SystemObjects.DefaultServiceAccount} in {name}");
        await Poll.UntilAsync(() => ExistsAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(SystemObjects.RootCaConfigMap, name)),
            SystemObjectsWithin, $"ConfigMap {SystemObjects.RootCaConfigMap} in {name}");
        return name;
    }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static async Task<bool> ExistsAsync<T>(Func<Task<T>> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
