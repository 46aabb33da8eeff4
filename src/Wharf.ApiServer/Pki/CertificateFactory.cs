using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.ApiServer.Pki;

/// <summary>
/// Creates the cluster's certificates: ECDSA P-256 keys, a self-signed CA and leaf certificates it signs. Leaves are
/// either created with a fresh key (the server's own) or signed for a public key someone else holds (a node agent's).
/// </summary>
public static class CertificateFactory
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);

    /// <summary>How long leaf certificates are valid; agents renew theirs when less than a third of it is left.</summary>
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(365);

    /// <summary>Backdating absorbs clock skew between the server and the machines that check its certificates.</summary>
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateCa(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow - Backdate;
        return request.CreateSelfSigned(now, now + CaLifetime);
    }

    /// <summary>A serving certificate for the API server with the given DNS names and IP addresses.</summary>
    public static X509Certificate2 CreateServing(X509Certificate2 ca, string commonName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> ips) =>
        WithNewKey(key => SignServing(ca, commonName, dnsNames, ips, key));

    /// <summary>A client certificate: Kubernetes takes the user from CN and the groups from O.</summary>
    public static X509Certificate2 CreateClient(X509Certificate2 ca, string user, IEnumerable<string> groups) =>
        WithNewKey(key => SignClient(ca, user, groups, key));

    /// <summary>A serving certificate (server-auth) for a key held elsewhere; the result has no private key.</summary>
    public static X509Certificate2 SignServing(X509Certificate2 ca, string commonName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> ips, PublicKey publicKey)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames.Distinct()) san.AddDnsName(dns);
        foreach (var ip in ips.Distinct()) san.AddIpAddress(ip);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        return Sign(ca, subject.Build(), publicKey, [san.Build()], ServerAuth);
    }

    /// <summary>A client certificate (client-auth, CN = user, O = groups) for a key held elsewhere; no private key.</summary>
    public static X509Certificate2 SignClient(X509Certificate2 ca, string user, IEnumerable<string> groups, PublicKey publicKey)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups) subject.AddOrganizationName(group);
        subject.AddCommonName(user);
        return Sign(ca, subject.Build(), publicKey, [], ClientAuth);
    }

    private static X509Certificate2 WithNewKey(Func<PublicKey, X509Certificate2> sign)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signed = sign(new PublicKey(key));
        return signed.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Sign(X509Certificate2 ca, X500DistinguishedName subject, PublicKey publicKey, IEnumerable<X509Extension> extra, Oid usage)
    {
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { usage }, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        foreach (var extension in extra) request.CertificateExtensions.Add(extension);
        var now = DateTimeOffset.UtcNow - Backdate;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return request.Create(ca, now, now + LeafLifetime, serial);
    }
}
