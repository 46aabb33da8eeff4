using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.NodeProxy;

/// <summary>
/// Opens TLS connections to node agents: the API server presents its kubelet-client certificate, and the agent's
/// serving certificate must chain to the cluster CA and name the address dialled.
/// </summary>
public sealed class KubeletConnector(X509Certificate2 clientCertificate, X509Certificate2 clusterCa)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public async Task<Stream> ConnectAsync(KubeletEndpoint endpoint, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(ConnectTimeout);
                await tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            }
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.Host,
                ClientCertificates = [clientCertificate],
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }, cancellationToken);
            return tls;
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            tcp.Dispose();
            throw StatusErrors.ServiceUnavailable($"error dialing backend: the node agent of node {endpoint.NodeName} at {endpoint.Host}:{endpoint.Port} is not reachable: {e.Message}");
        }
    }

    private bool Trusted(X509Certificate? presented, SslPolicyErrors errors)
    {
        // The name was checked against the SAN by the platform; the chain is checked against the cluster CA only.
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            return false;
        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(clusterCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
