using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Pki;
using Wharf.ApiServer.Tests.NodeJoin;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Authentication;

/// <summary>Who a request is from when it presents a node's certificate, another CA's, or the join token.</summary>
public sealed class NodeCertificateAuthenticationTests : IDisposable
{
    private const string Secret = "0123456789abcdef";
    private readonly TempDirectory _directory = new();
    private readonly ClusterPki _pki;
    private readonly FixedTime _time = new(DateTimeOffset.UtcNow);
    private readonly RequestAuthenticator _authenticator;
    private readonly ECDsa _nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public NodeCertificateAuthenticationTests()
    {
        _pki = ClusterPki.LoadOrCreate(_directory.Path, ["localhost"], [IPAddress.Loopback]);
        _authenticator = new RequestAuthenticator(_pki.Ca, Secret, new ServiceAccountTokens(_pki.ServiceAccountKey, _time), _time);
    }

    [Theory]
    [InlineData("worker-1")]
    [InlineData("edge.rack-2.example")]
    public void A_node_client_certificate_is_the_node_user_in_the_nodes_group(string node)
    {
        using var cert = NodeClient(_pki, node);

        var user = _authenticator.Authenticate(WithCertificate(cert));

        Assert.Equal($"system:node:{node}", user.Name);
        Assert.Equal(["system:nodes", "system:authenticated"], user.Groups);
    }

    [Fact]
    public void A_node_certificate_from_another_ca_is_anonymous()
    {
        using var otherDirectory = new TempDirectory();
        var other = ClusterPki.LoadOrCreate(otherDirectory.Path, ["localhost"], [IPAddress.Loopback]);
        using var cert = NodeClient(other, "worker-1");

        Assert.Same(UserInfo.Anonymous, _authenticator.Authenticate(WithCertificate(cert)));
        // The refusal is remembered for the certificate object too: a connection's later requests stay anonymous.
        Assert.Same(UserInfo.Anonymous, _authenticator.Authenticate(WithCertificate(cert)));
    }

    [Fact]
    public void A_kubelet_serving_certificate_does_not_authenticate_a_client()
    {
        using var serving = _pki.IssueNodeServing("worker-1", [IPAddress.Loopback], new PublicKey(_nodeKey));
        using var cert = serving.CopyWithPrivateKey(_nodeKey);

        Assert.Same(UserInfo.Anonymous, _authenticator.Authenticate(WithCertificate(cert)));
    }

    [Fact]
    public void A_node_certificate_stops_working_when_it_expires_even_after_it_was_accepted()
    {
        using var cert = NodeClient(_pki, "worker-1");
        Assert.Equal("system:node:worker-1", _authenticator.Authenticate(WithCertificate(cert)).Name);

        _time.Now = new DateTimeOffset(cert.NotAfter.ToUniversalTime()).AddMinutes(1);

        Assert.Same(UserInfo.Anonymous, _authenticator.Authenticate(WithCertificate(cert)));
    }

    [Theory]
    [InlineData("bare secret", Secret, true)]
    [InlineData("full K10 token", "K10abc::server:" + Secret, true)]
    [InlineData("wrong secret", "K10abc::server:fedcba9876543210", false)]
    [InlineData("empty", "", false)]
    public void The_join_token_is_recognised_only_when_it_matches(string name, string presented, bool expected)
    {
        _ = name;
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + presented;

        Assert.Equal(expected, _authenticator.PresentsJoinToken(context));
        Assert.Equal(expected ? "wharf:agent-bootstrap" : UserInfo.Anonymous.Name, _authenticator.Authenticate(context).Name);
    }

    [Fact]
    public void A_node_certificate_is_not_the_join_token()
    {
        using var cert = NodeClient(_pki, "worker-1");

        Assert.False(_authenticator.PresentsJoinToken(WithCertificate(cert)));
    }

    private X509Certificate2 NodeClient(ClusterPki pki, string node)
    {
        using var issued = pki.IssueNodeClient(node, new PublicKey(_nodeKey));
        return issued.CopyWithPrivateKey(_nodeKey);
    }

    private static DefaultHttpContext WithCertificate(X509Certificate2 cert)
    {
        var context = new DefaultHttpContext();
        context.Connection.ClientCertificate = cert;
        return context;
    }

    public void Dispose()
    {
        _nodeKey.Dispose();
        _directory.Dispose();
    }
}
