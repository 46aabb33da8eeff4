using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.NodeJoin;

namespace Wharf.ApiServer.Pki;

/// <summary>
/// The cluster's PKI under <c>DATA_DIR/tls</c>, generated on first start and reused afterwards: the client and
/// server CA, the API server's serving certificate, the admin client certificate (O=system:masters) and the
/// service-account signing key, and the client certificate the API server presents to node agents (kubelet API).
/// The serving certificate is re-issued when the wanted names change; node client and serving certificates are
/// issued on request and not kept here (the agents keep them).
/// </summary>
public sealed class ClusterPki
{
    private ClusterPki(X509Certificate2 ca, X509Certificate2 serving, X509Certificate2 admin, X509Certificate2 kubeletClient, ECDsa serviceAccountKey, string directory)
    {
        KubeletClient = kubeletClient;
        Ca = ca;
        Serving = serving;
        Admin = admin;
        ServiceAccountKey = serviceAccountKey;
        Directory = directory;
    }

    public X509Certificate2 Ca { get; }
    public X509Certificate2 Serving { get; }
    public X509Certificate2 Admin { get; }

    /// <summary>What the API server presents to node agents (upstream's apiserver-kubelet-client, O=system:masters).</summary>
    public X509Certificate2 KubeletClient { get; }
    public ECDsa ServiceAccountKey { get; }
    public string Directory { get; }

    public static ClusterPki LoadOrCreate(string dataDir, IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> ips)
    {
        var dir = Path.Combine(dataDir, "tls");
        System.IO.Directory.CreateDirectory(dir);
        string P(string name) => Path.Combine(dir, name);

        var ca = LoadOrCreatePair(P("ca.crt"), P("ca.key"), () => CertificateFactory.CreateCa($"wharf-ca@{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}"));
        var serving = LoadOrCreatePair(P("serving.crt"), P("serving.key"), () => CertificateFactory.CreateServing(ca, "kube-apiserver", dnsNames, ips));
        if (!Covers(serving, dnsNames, ips))
        {
            serving = CertificateFactory.CreateServing(ca, "kube-apiserver", dnsNames, ips);
            PemFiles.Write(serving, P("serving.crt"), P("serving.key"));
        }
        var admin = LoadOrCreatePair(P("client-admin.crt"), P("client-admin.key"), () => CertificateFactory.CreateClient(ca, "system:admin", ["system:masters"]));

        var kubeletClient = LoadOrCreatePair(P("client-kube-apiserver-kubelet.crt"), P("client-kube-apiserver-kubelet.key"),
            () => CertificateFactory.CreateClient(ca, "kube-apiserver-kubelet-client", ["system:masters"]));

        var saKeyPath = P("service-account.key");
        var saKey = ECDsa.Create();
        if (File.Exists(saKeyPath))
        {
            saKey.ImportFromPem(File.ReadAllText(saKeyPath));
        }
        else
        {
            saKey.GenerateKey(ECCurve.NamedCurves.nistP256);
            PemFiles.WritePrivate(saKeyPath, saKey.ExportPkcs8PrivateKeyPem());
        }
        return new ClusterPki(ca, serving, admin, kubeletClient, saKey, dir);
    }

    /// <summary>A node agent's kubelet API serving certificate (CN=system:node:NAME) for its name and addresses.</summary>
    public X509Certificate2 IssueNodeServing(string nodeName, IReadOnlyList<IPAddress> addresses) =>
        CertificateFactory.CreateServing(Ca, NodeIdentity.UserName(nodeName), NodeServingNames(nodeName), addresses);

    /// <summary>The same serving certificate for a key the agent keeps (a joined agent sends only its public key).</summary>
    public X509Certificate2 IssueNodeServing(string nodeName, IReadOnlyList<IPAddress> addresses, PublicKey publicKey) =>
        CertificateFactory.SignServing(Ca, NodeIdentity.UserName(nodeName), NodeServingNames(nodeName), addresses, publicKey);

    /// <summary>A node agent's client certificate (CN=system:node:NAME, O=system:nodes) for the key it keeps.</summary>
    public X509Certificate2 IssueNodeClient(string nodeName, PublicKey publicKey) =>
        CertificateFactory.SignClient(Ca, NodeIdentity.UserName(nodeName), [NodeIdentity.Group], publicKey);

    private static string[] NodeServingNames(string nodeName) => [nodeName, "localhost"];

    private static X509Certificate2 LoadOrCreatePair(string certPath, string keyPath, Func<X509Certificate2> create)
    {
        if (File.Exists(certPath) && File.Exists(keyPath))
            return PemFiles.Read(certPath, keyPath);
        var cert = create();
        PemFiles.Write(cert, certPath, keyPath);
        return cert;
    }

    private static bool Covers(X509Certificate2 cert, IEnumerable<string> dnsNames, IEnumerable<IPAddress> ips)
    {
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null) return false;
        var haveDns = san.EnumerateDnsNames().ToHashSet();
        var haveIps = san.EnumerateIPAddresses().ToHashSet();
        return dnsNames.All(haveDns.Contains) && ips.All(haveIps.Contains) && cert.NotAfter > DateTime.UtcNow.AddDays(30);
    }
}
