using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.ApiServer.Pki;
using Wharf.ApiServer.Tests.Support;
using Wharf.NodeJoin;

namespace Wharf.ApiServer.Tests.NodeJoin;

/// <summary>The agent's certificates on disk: kept while they fit, re-requested when not, keys never replaced.</summary>
public sealed class NodeCertificateStoreTests : IDisposable
{
    private static readonly IPAddress[] Addresses = [IPAddress.Loopback, IPAddress.Parse("10.0.0.5")];
    private readonly TempDirectory _server = new();
    private readonly TempDirectory _agent = new();
    private readonly ClusterPki _pki;
    private readonly CountingIssuer _issuer;
    private readonly FixedTime _time = new(DateTimeOffset.UtcNow);

    public NodeCertificateStoreTests()
    {
        _pki = ClusterPki.LoadOrCreate(_server.Path, ["localhost"], [IPAddress.Loopback]);
        _issuer = new CountingIssuer(_pki);
    }

    private NodeCertificateStore Store(ClusterPki? pki = null) => new(Path.Combine(_agent.Path, "pki"), (pki ?? _pki).Ca, pki is null ? _issuer : new CountingIssuer(pki), _time);

    [Fact]
    public async Task The_first_start_requests_both_certificates_and_keeps_the_keys_private()
    {
        using var client = await Store().ClientAsync("worker-1", CancellationToken.None);
        using var serving = await Store().ServingAsync("worker-1", Addresses, CancellationToken.None);

        Assert.True(client.HasPrivateKey);
        Assert.True(serving.HasPrivateKey);
        Assert.Equal(2, _issuer.Requests);
        foreach (var key in new[] { "client-kubelet.key", "serving-kubelet.key" })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_agent.Path, "pki", key)));
        Assert.True(File.Exists(Path.Combine(_agent.Path, "pki", "client-kubelet.crt")));
    }

    [Fact]
    public async Task A_restart_reuses_certificates_that_still_fit()
    {
        using var first = await Store().ClientAsync("worker-1", CancellationToken.None);
        using var firstServing = await Store().ServingAsync("worker-1", Addresses, CancellationToken.None);

        using var second = await Store().ClientAsync("worker-1", CancellationToken.None);
        using var secondServing = await Store().ServingAsync("worker-1", Addresses, CancellationToken.None);

        Assert.Equal(2, _issuer.Requests);
        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.Equal(firstServing.Thumbprint, secondServing.Thumbprint);
    }

    [Theory]
    [InlineData("renamed node", "worker-2", "127.0.0.1,10.0.0.5", 0)]
    [InlineData("new node IP", "worker-1", "127.0.0.1,10.0.0.9", 0)]
    [InlineData("a third of the lifetime left", "worker-1", "127.0.0.1,10.0.0.5", 250)]
    public async Task A_certificate_that_no_longer_fits_is_replaced_for_the_same_key(string name, string node, string addresses, int daysLater)
    {
        _ = name;
        using var before = await Store().ServingAsync("worker-1", Addresses, CancellationToken.None);
        _time.Now = _time.Now.AddDays(daysLater);

        using var after = await Store().ServingAsync(node, addresses.Split(',').Select(IPAddress.Parse).ToList(), CancellationToken.None);

        Assert.Equal(2, _issuer.Requests);
        Assert.NotEqual(before.Thumbprint, after.Thumbprint);
        Assert.Equal(before.PublicKey.ExportSubjectPublicKeyInfo(), after.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.True(NodeCertificatePolicy.IsServingFor(after, node, addresses.Split(',').Select(IPAddress.Parse)));
    }

    [Fact]
    public async Task A_certificate_from_a_previous_cluster_is_replaced()
    {
        using var otherServer = new TempDirectory();
        var previous = ClusterPki.LoadOrCreate(otherServer.Path, ["localhost"], [IPAddress.Loopback]);
        using var old = await Store(previous).ClientAsync("worker-1", CancellationToken.None);

        using var current = await Store().ClientAsync("worker-1", CancellationToken.None);

        Assert.Equal(1, _issuer.Requests);
        Assert.True(NodeCertificatePolicy.IsIssuedBy(current, _pki.Ca));
    }

    public void Dispose()
    {
        _agent.Dispose();
        _server.Dispose();
    }

    /// <summary>Signs in process as the server would, and counts how often the store asked.</summary>
    private sealed class CountingIssuer(ClusterPki pki) : INodeCertificateIssuer
    {
        public int Requests { get; private set; }

        public Task<X509Certificate2> IssueClientAsync(string nodeName, string csrPem, CancellationToken ct)
        {
            Requests++;
            return Task.FromResult(pki.IssueNodeClient(nodeName, Csr(csrPem)));
        }

        public Task<X509Certificate2> IssueServingAsync(string nodeName, IReadOnlyList<IPAddress> addresses, string csrPem, CancellationToken ct)
        {
            Requests++;
            return Task.FromResult(pki.IssueNodeServing(nodeName, addresses, Csr(csrPem)));
        }

        private static PublicKey Csr(string pem) => CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256).PublicKey;
    }
}
