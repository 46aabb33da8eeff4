using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.NodeJoin;

/// <summary>
/// When an agent may keep a certificate it holds: issued by the current cluster CA, for this node (and, for serving,
/// all its addresses), and with at least a third of its lifetime left — past that it asks for a new one, as
/// kubelet's certificate manager rotates well before expiry.
/// </summary>
public static class NodeCertificatePolicy
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string OrganizationOid = "2.5.4.10";

    public static bool IsRenewalDue(X509Certificate2 cert, DateTimeOffset now) =>
        now < new DateTimeOffset(cert.NotBefore.ToUniversalTime()) || now >= RenewalDueAt(cert);

    /// <summary>The moment a third of the certificate's lifetime is left.</summary>
    public static DateTimeOffset RenewalDueAt(X509Certificate2 cert)
    {
        var notBefore = new DateTimeOffset(cert.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime());
        return notAfter - (notAfter - notBefore) / 3;
    }

    public static bool IsClientFor(X509Certificate2 cert, string nodeName) =>
        HasUsage(cert, ClientAuth)
        && cert.GetNameInfo(X509NameType.SimpleName, false) == NodeIdentity.UserName(nodeName)
        && cert.SubjectName.EnumerateRelativeDistinguishedNames()
            .Any(r => r.GetSingleElementType().Value == OrganizationOid && r.GetSingleElementValue() == NodeIdentity.Group);

    public static bool IsServingFor(X509Certificate2 cert, string nodeName, IEnumerable<IPAddress> addresses)
    {
        if (!HasUsage(cert, ServerAuth) || cert.GetNameInfo(X509NameType.SimpleName, false) != NodeIdentity.UserName(nodeName)) return false;
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null) return false;
        var ips = san.EnumerateIPAddresses().ToHashSet();
        return san.EnumerateDnsNames().Contains(nodeName) && addresses.All(ips.Contains);
    }

    public static bool IsIssuedBy(X509Certificate2 cert, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }

    private static bool HasUsage(X509Certificate2 cert, string oid) =>
        cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == oid));
}
