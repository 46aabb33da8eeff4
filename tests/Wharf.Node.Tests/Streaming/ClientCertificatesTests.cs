using Wharf.ApiServer.Pki;
using Wharf.Node.Agent.Server;

namespace Wharf.Node.Tests.Streaming;

public sealed class ClientCertificatesTests
{
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 ClusterCa = CertificateFactory.CreateCa("cluster");
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 OtherCa = CertificateFactory.CreateCa("other");

    [Theory]
    [InlineData("the API server's kubelet client", "cluster", "client", true)]
    [InlineData("a client of another CA", "other", "client", false)]
    [InlineData("a serving certificate of the cluster CA", "cluster", "serving", false)]
    public void Only_client_certificates_of_the_cluster_ca_get_in(string name, string issuer, string usage, bool accepted)
    {
        _ = name;
        var ca = issuer == "cluster" ? ClusterCa : OtherCa;
        using var certificate = usage == "client"
            ? CertificateFactory.CreateClient(ca, "kube-apiserver-kubelet-client", ["system:masters"])
            : CertificateFactory.CreateServing(ca, "node", ["node"], []);

        Assert.Equal(accepted, ClientCertificates.IssuedBy(certificate, ClusterCa));
    }

    [Fact]
    public void No_certificate_is_refused() => Assert.False(ClientCertificates.IssuedBy(null, ClusterCa));
}
