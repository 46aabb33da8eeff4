using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.NodeJoin;

/// <summary>
/// An agent's node credentials under <c>DATA/agent/pki</c>: one ECDSA key per purpose, generated once and never sent
/// anywhere, and the certificates the server signed for them. A certificate on disk is reused while
/// <see cref="NodeCertificatePolicy"/> allows; otherwise a CSR goes to the issuer and the answer replaces the file.
/// </summary>
public sealed class NodeCertificateStore(string directory, X509Certificate2 clusterCa, INodeCertificateIssuer issuer, TimeProvider? time = null)
{
    private const string ClientName = "client-kubelet";
    private const string ServingName = "serving-kubelet";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Directory => directory;

    public string ClientCertificatePath => CertPath(ClientName);
    public string ClientKeyPath => KeyPath(ClientName);

    /// <summary>The client certificate (with its key) the agent talks to the API server with.</summary>
    public Task<X509Certificate2> ClientAsync(string nodeName, CancellationToken ct) =>
        GetAsync(ClientName, nodeName, cert => NodeCertificatePolicy.IsClientFor(cert, nodeName),
            csr => issuer.IssueClientAsync(nodeName, csr, ct));

    /// <summary>The kubelet API's serving certificate (with its key) for the node's name and addresses.</summary>
    public Task<X509Certificate2> ServingAsync(string nodeName, IReadOnlyList<IPAddress> addresses, CancellationToken ct) =>
        GetAsync(ServingName, nodeName, cert => NodeCertificatePolicy.IsServingFor(cert, nodeName, addresses),
            csr => issuer.IssueServingAsync(nodeName, addresses, csr, ct));

    private async Task<X509Certificate2> GetAsync(string name, string nodeName, Func<X509Certificate2, bool> fits, Func<string, Task<X509Certificate2>> issue)
    {
        System.IO.Directory.CreateDirectory(directory);
        using var key = LoadOrCreateKey(KeyPath(name));
        if (LoadUsable(name, fits) is { } kept)
            return kept;
        var csr = new CertificateRequest(new X500DistinguishedName($"CN={NodeIdentity.UserName(nodeName)}"), key, HashAlgorithmName.SHA256)
            .CreateSigningRequestPem();
        using var issued = await issue(csr);
        var withKey = issued.CopyWithPrivateKey(key);
        await File.WriteAllTextAsync(CertPath(name), issued.ExportCertificatePem() + "\n");
        return withKey;
    }

    private X509Certificate2? LoadUsable(string name, Func<X509Certificate2, bool> fits)
    {
        if (!File.Exists(CertPath(name))) return null;
        X509Certificate2 cert;
        try
        {
            // Fails when the certificate is not for this key (a key file replaced by hand, say).
            cert = X509Certificate2.CreateFromPemFile(CertPath(name), KeyPath(name));
        }
        catch (CryptographicException)
        {
            return null;
        }
        if (fits(cert) && NodeCertificatePolicy.IsIssuedBy(cert, clusterCa) && !NodeCertificatePolicy.IsRenewalDue(cert, _time.GetUtcNow()))
            return cert;
        cert.Dispose();
        return null;
    }

    private static ECDsa LoadOrCreateKey(string path)
    {
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        PemFiles.WritePrivate(path, key.ExportPkcs8PrivateKeyPem());
        return key;
    }

    private string CertPath(string name) => Path.Combine(directory, name + ".crt");

    private string KeyPath(string name) => Path.Combine(directory, name + ".key");
}
