using System.Security.Cryptography.X509Certificates;

namespace Wharf.Client.Rest;

/// <summary>How to reach and authenticate to an API server (client-go's rest.Config, reduced).</summary>
public sealed record ClientConfig
{
    public required Uri Server { get; init; }

    /// <summary>The CA that signed the server's certificate; null = the system trust store.</summary>
    public X509Certificate2? CertificateAuthority { get; init; }

    /// <summary>Client certificate with its private key.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    public string? BearerToken { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    public string UserAgent { get; init; } = "wharf/v0.1.0";

    /// <summary>
    /// A Unix domain socket to dial instead of <see cref="Server"/>'s host: the API server's loopback socket for its
    /// in-process components, spoken as HTTP/2 cleartext with prior knowledge (no TLS, no certificate).
    /// </summary>
    public string? UnixSocketPath { get; init; }

    /// <summary>
    /// Creates the client's HTTP handler instead of the TLS / socket one (the client disposes it): an in-process
    /// transport into a server in the same process, which then sees every request as it comes. TLS and socket
    /// settings do not apply.
    /// </summary>
    public Func<HttpMessageHandler>? CreateHandler { get; init; }

    /// <summary>Time limit of one non-watch request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
