using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.ApiServer.Pki;

/// <summary>Creates the cluster's certificates: ECDSA P-256 keys, a self-signed CA and leaf certificates it signs.</summary>
public static class CertificateFactory
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(365);

    public static X509Certificate2 CreateCa(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        return request.CreateSelfSigned(now, now + CaLifetime);
    }

    /// <summary>A serving certificate for the API server with the given DNS names and IP addresses.</summary>
    public static X509Certificate2 CreateServing(X509Certificate2 ca, string commonName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> ips)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames.Distinct()) san.AddDnsName(dns);
        foreach (var ip in ips.Distinct()) san.AddIpAddress(ip);
        return CreateLeaf(ca, $"CN={commonName}", [san.Build()], new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") });
    }

    /// <summary>A client certificate: Kubernetes takes the user from CN and the groups from O.</summary>
    public static X509Certificate2 CreateClient(X509Certificate2 ca, string user, IEnumerable<string> groups)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups) subject.AddOrganizationName(group);
        subject.AddCommonName(user);
        return CreateLeaf(ca, subject.Build().Name, [], new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") });
    }

    private static X509Certificate2 CreateLeaf(X509Certificate2 ca, string subject, IEnumerable<X509Extension> extra, OidCollection usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        foreach (var extension in extra) request.CertificateExtensions.Add(extension);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(ca, now, now + LeafLifetime, serial);
        return signed.CopyWithPrivateKey(key);
    }
}
