using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.ApiServer.Pki;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Pki;

/// <summary>What the cluster CA signs for a node's own key: subject, usages, names and lifetime.</summary>
public sealed class NodeCertificateTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private readonly TempDirectory _directory = new();
    private readonly ClusterPki _pki;
    private readonly ECDsa _nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public NodeCertificateTests() => _pki = ClusterPki.LoadOrCreate(_directory.Path, ["localhost"], [IPAddress.Loopback]);

    [Theory]
    [InlineData("worker-1")]
    [InlineData("node.example.com")]
    public void Client_certificate_names_the_node_user_in_the_nodes_group(string node)
    {
        using var cert = _pki.IssueNodeClient(node, new PublicKey(_nodeKey));

        Assert.Equal($"system:node:{node}", Rdn(cert, "2.5.4.3"));
        Assert.Equal("system:nodes", Rdn(cert, "2.5.4.10"));
        Assert.Equal([ClientAuth], Usages(cert));
        Assert.Empty(cert.Extensions.OfType<X509SubjectAlternativeNameExtension>());
    }

    [Fact]
    public void Client_certificate_is_for_the_nodes_key_and_has_no_private_key()
    {
        using var cert = _pki.IssueNodeClient("worker-1", new PublicKey(_nodeKey));

        Assert.False(cert.HasPrivateKey);
        Assert.Equal(_nodeKey.ExportSubjectPublicKeyInfo(), cert.PublicKey.ExportSubjectPublicKeyInfo());
        using var withKey = cert.CopyWithPrivateKey(_nodeKey);
        Assert.True(withKey.HasPrivateKey);
    }

    [Fact]
    public void Node_certificates_chain_to_the_cluster_ca_and_last_a_year()
    {
        using var client = _pki.IssueNodeClient("worker-1", new PublicKey(_nodeKey));
        using var serving = _pki.IssueNodeServing("worker-1", [IPAddress.Parse("10.0.0.7")], new PublicKey(_nodeKey));

        foreach (var cert in new[] { client, serving })
        {
            Assert.Equal(_pki.Ca.SubjectName.RawData, cert.IssuerName.RawData);
            Assert.True(ChainsTo(cert, _pki.Ca));
            Assert.Equal(TimeSpan.FromDays(365), cert.NotAfter - cert.NotBefore);
            Assert.InRange(cert.NotBefore.ToUniversalTime(), DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow);
            Assert.False(cert.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        }
    }

    [Fact]
    public void Serving_certificate_names_the_node_and_every_address_for_server_auth_only()
    {
        IPAddress[] addresses = [IPAddress.Loopback, IPAddress.Parse("192.168.5.20")];

        using var cert = _pki.IssueNodeServing("worker-1", addresses, new PublicKey(_nodeKey));

        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal("system:node:worker-1", Rdn(cert, "2.5.4.3"));
        Assert.Equal(["worker-1", "localhost"], san.EnumerateDnsNames());
        Assert.Equal(addresses, san.EnumerateIPAddresses());
        Assert.Equal([ServerAuth], Usages(cert));
    }

    [Fact]
    public void A_certificate_from_another_ca_does_not_chain_to_this_one()
    {
        using var otherDirectory = new TempDirectory();
        var other = ClusterPki.LoadOrCreate(otherDirectory.Path, ["localhost"], [IPAddress.Loopback]);

        using var foreign = other.IssueNodeClient("worker-1", new PublicKey(_nodeKey));

        Assert.False(ChainsTo(foreign, _pki.Ca));
    }

    internal static bool ChainsTo(X509Certificate2 cert, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }

    private static string Rdn(X509Certificate2 cert, string oid) =>
        string.Join(",", cert.SubjectName.EnumerateRelativeDistinguishedNames().Where(r => r.GetSingleElementType().Value == oid)
            .Select(r => r.GetSingleElementValue()));

    private static string[] Usages(X509Certificate2 cert) =>
        cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? "").ToArray();

    public void Dispose()
    {
        _nodeKey.Dispose();
        _directory.Dispose();
    }
}
