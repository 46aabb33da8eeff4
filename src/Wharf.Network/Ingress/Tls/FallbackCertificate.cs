using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Network.Ingress.Tls;

/// <summary>
/// The self-signed certificate served to clients whose SNI names no TLS host (or whose Secret is unusable), as
/// upstream controllers serve their "fake" certificate. Generated per process; never trusted by anyone.
/// </summary>
internal static class FallbackCertificate
{
    public const string CommonName = "Wharf Ingress Fallback Certificate";

    public static SslStreamCertificateContext Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={CommonName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("ingress.local");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
    }
}
