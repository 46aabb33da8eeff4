using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.ApiServer.Pki;
using Wharf.ApiServer.Tests.Support;
using Wharf.NodeJoin;

namespace Wharf.ApiServer.Tests.NodeJoin;

/// <summary>When an agent keeps the certificate it holds and when it asks for a new one.</summary>
public sealed class NodeCertificatePolicyTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ClusterPki _pki;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public NodeCertificatePolicyTests() => _pki = ClusterPki.LoadOrCreate(_directory.Path, ["localhost"], [IPAddress.Loopback]);

    [Theory]
    [InlineData("just issued", 0, false)]
    [InlineData("half its life left", 182, false)]
    [InlineData("just over a third left", 243, false)]
    [InlineData("just under a third left", 244, true)]
    [InlineData("expired", 400, true)]
    public void Renewal_is_due_once_less_than_a_third_of_the_lifetime_is_left(string name, int daysAfterIssue, bool due)
    {
        _ = name;
        using var cert = _pki.IssueNodeClient("worker-1", new PublicKey(_key));
        var issuedAt = new DateTimeOffset(cert.NotBefore.ToUniversalTime());

        Assert.Equal(due, NodeCertificatePolicy.IsRenewalDue(cert, issuedAt.AddDays(daysAfterIssue)));
    }

    [Fact]
    public void Renewal_falls_due_when_two_thirds_of_the_lifetime_have_passed()
    {
        using var cert = _pki.IssueNodeClient("worker-1", new PublicKey(_key));
        var notBefore = new DateTimeOffset(cert.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime());

        var dueAt = NodeCertificatePolicy.RenewalDueAt(cert);

        Assert.Equal(notBefore + (notAfter - notBefore) * 2 / 3, dueAt, TimeSpan.FromSeconds(1));
        Assert.False(NodeCertificatePolicy.IsRenewalDue(cert, dueAt.AddSeconds(-1)));
        Assert.True(NodeCertificatePolicy.IsRenewalDue(cert, dueAt));
    }

    [Fact]
    public void A_certificate_not_yet_valid_is_due_for_renewal()
    {
        using var cert = _pki.IssueNodeClient("worker-1", new PublicKey(_key));

        Assert.True(NodeCertificatePolicy.IsRenewalDue(cert, new DateTimeOffset(cert.NotBefore.ToUniversalTime()).AddHours(-1)));
    }

    [Theory]
    [InlineData("same node", "worker-1", true)]
    [InlineData("renamed node", "worker-2", false)]
    public void A_client_certificate_fits_only_its_node(string name, string node, bool fits)
    {
        _ = name;
        using var cert = _pki.IssueNodeClient("worker-1", new PublicKey(_key));

        Assert.Equal(fits, NodeCertificatePolicy.IsClientFor(cert, node));
    }

    [Theory]
    [InlineData("same addresses", "worker-1", "127.0.0.1,10.0.0.5", true)]
    [InlineData("fewer addresses", "worker-1", "10.0.0.5", true)]
    [InlineData("new node IP", "worker-1", "127.0.0.1,10.0.0.6", false)]
    [InlineData("renamed node", "worker-2", "127.0.0.1,10.0.0.5", false)]
    public void A_serving_certificate_fits_its_node_and_addresses(string name, string node, string addresses, bool fits)
    {
        _ = name;
        using var cert = _pki.IssueNodeServing("worker-1", [IPAddress.Loopback, IPAddress.Parse("10.0.0.5")], new PublicKey(_key));

        Assert.Equal(fits, NodeCertificatePolicy.IsServingFor(cert, node, addresses.Split(',').Select(IPAddress.Parse)));
    }

    [Fact]
    public void A_client_certificate_is_not_a_serving_certificate_and_vice_versa()
    {
        using var client = _pki.IssueNodeClient("worker-1", new PublicKey(_key));
        using var serving = _pki.IssueNodeServing("worker-1", [IPAddress.Loopback], new PublicKey(_key));

        Assert.False(NodeCertificatePolicy.IsServingFor(client, "worker-1", []));
        Assert.False(NodeCertificatePolicy.IsClientFor(serving, "worker-1"));
    }

    public void Dispose()
    {
        _key.Dispose();
        _directory.Dispose();
    }
}
