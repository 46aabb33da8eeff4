using k8s;
using k8s.Models;

namespace Wharf.E2E.Tests.Harness;

/// <summary>
/// One server per test class (xunit class fixture). Tests stay independent by working in their own namespace
/// (<see cref="CreateNamespaceAsync"/>) and by taking a fresh <see cref="Kubectl"/> runner each.
/// </summary>
public sealed class WharfServerFixture : IAsyncLifetime
{
    private WharfServer? _server;
    private RawApi? _raw;

    public WharfServer Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>Certificate-authenticated HTTP to the server (rebuilt after a restart by <see cref="Reconnect"/>).</summary>
    public RawApi Raw => _raw ??= RawApi.FromKubeconfig(Server.KubeconfigPath);

    public async Task InitializeAsync()
    {
        _server = await WharfServer.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
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

    /// <summary>Creates a namespace with a unique name so tests sharing this server never see each other's objects.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        var name = UniqueName(prefix);
        using var client = Client();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
