using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Wharf.ApiServer.Hosting;
using Wharf.ApiServer.Tests.Support;
using Wharf.NodeJoin;

namespace Wharf.ApiServer.Tests.NodeJoin;

/// <summary>An in-process API server with a join token, as <c>wharf server</c> runs it, for the node-join tests.</summary>
public sealed class NodeJoinServerFixture : IAsyncLifetime
{
    public const string Secret = "5ec7e7f0a1b2c3d4";
    private readonly TempDirectory _directory = new();

    internal ApiServerHost Host { get; private set; } = null!;

    /// <summary>The token in the form agents are given (K10 + CA hash + secret).</summary>
    public string FullToken => JoinToken.Full(Host.Pki.Ca.ExportCertificatePem(), Secret);

    public async Task InitializeAsync() =>
        Host = await ApiServerHost.StartAsync(
            new ApiServerOptions { DataDirectory = _directory.Path, BindAddress = IPAddress.Loopback, HttpsPort = 0, NodeName = "join-test", Token = Secret },
            _ => { }, CancellationToken.None);

    /// <summary>A client that trusts only the cluster CA and presents <paramref name="clientCertificate"/> if given.</summary>
    public HttpClient Client(X509Certificate2? clientCertificate = null)
    {
        var ca = Host.Pki.Ca;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && Pki.NodeCertificateTests.ChainsTo(new X509Certificate2(cert), ca),
            },
        };
        return new HttpClient(handler) { BaseAddress = Host.Url, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        _directory.Dispose();
    }
}
