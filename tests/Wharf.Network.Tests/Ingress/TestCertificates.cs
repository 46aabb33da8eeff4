using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Network.Tests.Ingress;

/// <summary>Self-signed certificates for TLS Secrets in tests.</summary>
internal static class TestCertificates
{
    public static (string CertPem, string KeyPem) Create(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public static JsonObject Secret(string name, string certPem, string keyPem, string ns = "default") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["type"] = "kubernetes.io/tls",
        ["data"] = new JsonObject
        {
            ["tls.crt"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certPem)),
            ["tls.key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(keyPem)),
        },
    };

    public static JsonObject SecretFor(string name, string host)
    {
        var (cert, key) = Create(host);
        return Secret(name, cert, key);
    }
}
