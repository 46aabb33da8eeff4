using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Client.Rest;

/// <summary>
/// The HTTP handler of an <see cref="ApiClient"/>: HTTP/2 with keep-alive pings so dead watch connections are
/// noticed, the client certificate, and server verification against the cluster CA instead of the system store;
/// or, with <see cref="ClientConfig.UnixSocketPath"/>, a plain connection to that socket.
/// </summary>
internal static class TlsHandlerFactory
{
    public static SocketsHttpHandler Create(ClientConfig config)
    {
        var ssl = new SslClientAuthenticationOptions();
        if (config.ClientCertificate is { } cert)
            ssl.ClientCertificates = new X509CertificateCollection { cert };
        if (config.InsecureSkipTlsVerify)
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        else if (config.CertificateAuthority is { } ca)
            ssl.RemoteCertificateValidationCallback = (_, serverCert, _, errors) => VerifyAgainst(ca, serverCert, errors);

        var handler = new SocketsHttpHandler
        {
            SslOptions = ssl,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (config.UnixSocketPath is { } path)
            handler.ConnectCallback = (_, ct) => ConnectUnixAsync(path, ct);
        return handler;
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static bool VerifyAgainst(X509Certificate2 ca, X509Certificate? serverCert, SslPolicyErrors errors)
    {
        if (serverCert is null) return false;
        // A wrong host name is never forgiven; only the chain is re-checked against the cluster CA.
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(serverCert);
        return chain.Build(leaf);
    }
}
